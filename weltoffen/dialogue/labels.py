"""Display labels of the dialogue domain (English msgids, German in the catalog)."""

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "planned": _l("Planned"), "running": _l("Running"), "finished": _l("Finished"), "cancelled": _l("Cancelled"),
}
PHASE_LABELS = {
    "preparation": _l("Preparation"), "invitation": _l("Invitation"), "sessions": _l("Sessions"),
    "recommendations": _l("Recommendations"), "response": _l("Response"), "implementation": _l("Implementation"),
}
TARGET_GROUP_LABELS = {
    "general_public": _l("General public"), "young_people": _l("Young people"),
    "older_people": _l("Older people"), "women": _l("Women"),
    "migrants": _l("People with a migration background"),
    "people_with_disabilities": _l("People with disabilities"), "families": _l("Families"),
    "low_income": _l("People on low incomes"), "neighbourhood": _l("Residents of the neighbourhood"),
    "organisations": _l("Associations and initiatives"),
}
FEATURE_LABELS = {"age_band": _l("Age band"), "gender": _l("Gender"), "district": _l("District"),
                  "education": _l("Education"), "migration": _l("Migration background")}
#: Selection features of a lottery that the reach pages do not have.
EDUCATION_LABELS = {"low": _l("low"), "medium": _l("medium"), "high": _l("high")}
MIGRATION_LABELS = {"yes": _l("with migration background"), "no": _l("without migration background")}
AGE_BAND_LABELS = {
    "under_18": _l("under 18"), "18_29": _l("18 to 29"), "30_44": _l("30 to 44"),
    "45_64": _l("45 to 64"), "65_plus": _l("65 and older"),
}
GENDER_LABELS = {"female": _l("female"), "male": _l("male"), "diverse": _l("diverse")}
ACCESSIBILITY_LABELS = {
    "step_free": _l("Step-free access"), "sign_language": _l("Sign-language interpreting"),
    "spoken_interpreting": _l("Spoken-language interpreting"), "childcare": _l("Childcare"),
    "plain_language": _l("Plain language"),
}
RESPONSE_LABELS = {
    "adopted": _l("Adopted"), "adopted_in_part": _l("Adopted in part"),
    "under_review": _l("Under review"), "rejected": _l("Rejected"),
}
FEASIBILITY_LABELS = {
    "unchecked": _l("Not yet checked"), "feasible": _l("Feasible"), "not_feasible": _l("Not feasible"),
}
PROJECT_LABELS = {
    "planned": _l("Planned"), "in_progress": _l("In progress"), "done": _l("Done"), "stopped": _l("Stopped"),
}


def value_label(feature: str, value: str) -> str:
    """The label of a reach/population value (districts are shown as named)."""
    table = {"age_band": AGE_BAND_LABELS, "gender": GENDER_LABELS, "education": EDUCATION_LABELS,
             "migration": MIGRATION_LABELS}.get(feature, {})
    return str(table.get(value, value))


def context() -> dict:
    return {
        "DIALOGUE_STATUS_LABELS": STATUS_LABELS,
        "PHASE_LABELS": PHASE_LABELS,
        "TARGET_GROUP_LABELS": TARGET_GROUP_LABELS,
        "FEATURE_LABELS": FEATURE_LABELS,
        "ACCESSIBILITY_LABELS": ACCESSIBILITY_LABELS,
        "RESPONSE_LABELS": RESPONSE_LABELS,
        "FEASIBILITY_LABELS": FEASIBILITY_LABELS,
        "PROJECT_LABELS": PROJECT_LABELS,
        "value_label": value_label,
    }
