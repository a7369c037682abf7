"""Forms of reach figures: the municipality's population shares (age bands, genders,
named districts, each feature with source and year) and a process's participants."""

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, IntegerField, StringField
from wtforms.fields import FloatField
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import TextInput

from ..network.validation import fold
from .labels import AGE_BAND_LABELS, FEATURE_LABELS, GENDER_LABELS
from .models import AGE_BANDS, FEATURES, GENDERS
from .population import SUM_TOLERANCE, share_sum_ok

#: Empty district rows offered below the named ones.
BLANK_DISTRICTS = 3
MAX_DISTRICTS = 200
FIXED = {"age_band": (AGE_BANDS, AGE_BAND_LABELS), "gender": (GENDERS, GENDER_LABELS)}


class PercentField(FloatField):
    """A share in % that accepts a decimal comma ("17,5") as German users type it
    (a text input: a number input would refuse the comma)."""

    widget = TextInput()

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [valuelist[0].strip().replace(",", ".").rstrip("%").strip()]
        if valuelist and valuelist[0] == "":
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_("Enter a number, for example 17,5.")) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:g}".replace(".", ",")


def _percent(label) -> PercentField:
    return PercentField(label, validators=[Optional(), NumberRange(min=0, max=100, message=_l(
        "A share lies between 0 and 100 %%."))])


class DistrictRow(Form):
    name = StringField(_l("District"), validators=[Length(max=120)])
    percent = _percent(_l("Share in %"))


class PopulationForm(FlaskForm):
    districts = FieldList(FormField(DistrictRow), min_entries=1, max_entries=MAX_DISTRICTS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, row in enumerate(self.districts, start=1):  # distinct labels per row
            row["name"].label.text = _("District %(n)d: name", n=number)
            row["percent"].label.text = _("District %(n)d: share in %%", n=number)

    def value_fields(self, feature: str) -> list:
        """(value, field) of a fixed feature's shares."""
        keys = FIXED[feature][0]
        return [(key, self[f"{feature}_{key}"]) for key in keys]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for feature in ("age_band", "gender"):
            fields = [f for _k, f in self.value_fields(feature)]
            ok &= self._check_sum(feature, fields, fields[0])
        ok &= self._check_districts()
        return ok

    def _check_sum(self, feature: str, fields: list, at) -> bool:
        if any(f.errors for f in fields):
            return False
        values = [f.data for f in fields if f.data is not None]
        if not values:
            return True
        ok = True
        if not share_sum_ok(values):
            total, tolerance = format_decimal(sum(values), "#,##0.0"), format_decimal(SUM_TOLERANCE, "#,##0.0")
            at.errors.append(_("The shares add up to %(sum)s %%; they must add up to 100 %% (± %(tolerance)s).",
                               sum=total, tolerance=tolerance))
            ok = False
        source = self[f"{feature}_source"]
        if not (source.data or "").strip():
            source.errors.append(_("Name the source of these shares."))
            ok = False
        year = self[f"{feature}_year"]
        if year.data is None and not year.errors:
            year.errors.append(_("Enter the year of these shares."))
            ok = False
        return ok

    def _check_districts(self) -> bool:
        ok, seen = True, set()
        used = []
        for row in self.districts:
            name = (row["name"].data or "").strip()
            percent = row["percent"]
            if not name and percent.data is None:
                continue
            if not name:
                row["name"].errors.append(_("Name the district of this share."))
                ok = False
            elif fold(name) in seen:
                row["name"].errors.append(_("This district is listed twice."))
                ok = False
            seen.add(fold(name))
            if percent.data is None and not percent.errors:
                percent.errors.append(_("Enter the district's share."))
                ok = False
            used.append(percent)
        if used and ok:
            ok &= self._check_sum("district", used, used[0])
        return ok

    def shares(self) -> dict:
        """feature -> {value: percent} of the entered shares."""
        result = {}
        for feature in ("age_band", "gender"):
            values = {k: f.data for k, f in self.value_fields(feature) if f.data is not None}
            if values:
                result[feature] = values
        districts = {row["name"].data.strip(): row["percent"].data for row in self.districts
                     if (row["name"].data or "").strip() and row["percent"].data is not None}
        if districts:
            result["district"] = districts
        return result

    def sources(self) -> dict:
        return {f: ((self[f"{f}_source"].data or "").strip(), self[f"{f}_year"].data) for f in FEATURES}


for _feature, (_keys, _labels) in FIXED.items():
    for _key in _keys:
        setattr(PopulationForm, f"{_feature}_{_key}", _percent(_labels[_key]))
for _feature in FEATURES:
    setattr(PopulationForm, f"{_feature}_source", StringField(
        _l("Source of the shares by %(feature)s", feature=FEATURE_LABELS[_feature]), validators=[Length(max=300)],
        description=_l("For example: Melderegister, Stichtag 31.12.2025")))
    setattr(PopulationForm, f"{_feature}_year", IntegerField(
        _l("Year of the shares by %(feature)s", feature=FEATURE_LABELS[_feature]),
        validators=[Optional(), NumberRange(min=1900, max=2100, message=_l("Enter a year such as 2025."))]))


def population_data(shares: dict, sources: dict) -> dict:
    """Form data of the stored shares (population_of), with blank district rows."""
    data = {}
    for feature, (keys, _labels) in FIXED.items():
        for key in keys:
            data[f"{feature}_{key}"] = shares.get(feature, {}).get(key)
    for feature in FEATURES:
        source, year = sources.get(feature, ("", None))
        data[f"{feature}_source"], data[f"{feature}_year"] = source, year
    districts = [{"name": n, "percent": p} for n, p in sorted(shares.get("district", {}).items())]
    data["districts"] = districts + [{"name": "", "percent": None}] * BLANK_DISTRICTS
    return data


class ReachForm(FlaskForm):
    """Participants of a process; district fields are added per municipality (reach_form)."""

    districts: list = []

    def counts(self) -> dict:
        result = {}
        for feature, (keys, _labels) in FIXED.items():
            values = {k: self[f"{feature}_{k}"].data for k in keys if self[f"{feature}_{k}"].data is not None}
            if values:
                result[feature] = values
        districts = {name: self[f"district_{i}"].data for i, name in enumerate(self.districts)
                     if self[f"district_{i}"].data is not None}
        if districts:
            result["district"] = districts
        return result


def _count(label) -> IntegerField:
    return IntegerField(label, validators=[Optional(), NumberRange(min=0, max=10_000_000, message=_l(
        "Enter a whole number of participants, 0 or more."))])


def reach_form(districts: list[str], **kwargs) -> ReachForm:
    """The form for a municipality with these named districts."""
    attrs = {"districts": list(districts)}
    for feature, (keys, labels) in FIXED.items():
        for key in keys:
            attrs[f"{feature}_{key}"] = _count(labels[key])
    for i, name in enumerate(districts):
        attrs[f"district_{i}"] = _count(name)
    return type("MunicipalReachForm", (ReachForm,), attrs)(**kwargs)


def reach_data(counts: dict, districts: list[str]) -> dict:
    data = {}
    for feature, (keys, _labels) in FIXED.items():
        for key in keys:
            data[f"{feature}_{key}"] = counts.get(feature, {}).get(key)
    for i, name in enumerate(districts):
        data[f"district_{i}"] = counts.get("district", {}).get(name)
    return data
