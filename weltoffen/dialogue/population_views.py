"""The municipality's population shares, entered once by the team: age bands, genders
and named districts, each feature with its source and year (compared in reach.py)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from . import access, bp, population, reach
from .reach_forms import FIXED, PopulationForm, population_data


@bp.route("/municipalities/<int:municipality_id>/population", methods=["GET", "POST"])
def population_page(municipality_id: int):
    municipality = access.municipality_or_404(municipality_id, edit=request.method == "POST")
    shares, sources = reach.population_of(municipality.id)
    form = PopulationForm(data=population_data(shares, sources))
    if form.validate_on_submit():
        population.save_population(municipality, current_user, form.shares(), form.sources())
        db.session.commit()
        flash(_("The population shares have been saved."), "success")
        return redirect(url_for("dialogue.population_page", municipality_id=municipality.id))
    return render_template(
        "dialogue/population.html", municipality=municipality, form=form, fixed=FIXED,
    ), 422 if form.is_submitted() else 200
