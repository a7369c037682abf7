"""Practice library pages: the library with filters (htmx), a practice with its
adoptions and discussion, submitting and editing, the coordinators' review queue,
"we adopted this" with its outcome, and the "my practices" list."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ... import permissions
from ...extensions import db, htmx
from ...network.models import Network
from ...network.sizes import SIZE_LABELS
from ...platform.web.forms import choices
from ...selfcheck.display import tr
from .. import bp
from ..access import adoption_or_404, get_practice_or_404, moderated_network_or_404
from ..discussions import limits, mentions, rendering, services
from ..discussions.forms import PostForm
from ..models import Post, Practice
from . import matching
from . import services as practices
from .forms import AdoptForm, OutcomeForm, PracticeForm, ReviewForm

STATUS_LABELS = {
    "submitted": _l("Awaiting review"),
    "published": _l("Published"),
    "changes_requested": _l("Changes requested"),
    "rejected": _l("Rejected"),
}


@bp.app_context_processor
def _practice_globals():
    return {
        "weak_dimension_practices": matching.for_weak_dimensions,
        "PRACTICE_STATUS_LABELS": STATUS_LABELS,
        "size_label": practices.size_label,
    }


def _dimension_choices(dims: dict):
    return choices((key, tr(d["title"])) for key, d in dims.items())


def _library_networks() -> set[int]:
    ids = permissions.network_ids(current_user)
    if permissions.is_admin(current_user):
        ids |= set(db.session.scalars(select(Network.id)))
    return ids


def _submit_municipalities() -> list:
    return [m for m in current_user.municipalities if permissions.can_submit_practice(current_user, m)]


@bp.route("/practices", endpoint="practices")
def library():
    dims = practices.dimensions()
    dimension = request.args.get("dimension", "")
    if dimension not in dims:
        dimension = ""
    size = request.args.get("size", type=int)
    if size is not None and not 0 <= size < len(SIZE_LABELS):
        size = None
    context = {
        "entries": practices.library(_library_networks(), dimension=dimension, size=size),
        "dims": dims,
        "dimension": dimension,
        "size": size,
    }
    if htmx:
        return render_template("forum/_practice_list.html", **context)
    staff_networks = [n for n in permissions.network_ids(current_user) if permissions.can_moderate(current_user, n)]
    return render_template(
        "forum/practice_library.html",
        size_labels=SIZE_LABELS,
        can_submit=bool(_submit_municipalities()),
        queues=[(n, practices.pending_count(n)) for n in staff_networks],
        **context,
    )


@bp.route("/practices/mine")
def my_practices():
    return render_template("forum/practice_mine.html", items=practices.mine(current_user))


def _rendered_fields(practice: Practice) -> dict:
    """The Markdown fields as sanitised HTML (the templates put them in with |safe)."""
    names = practices.TEXT_FIELDS + ("contact",)
    return {name: rendering.render(getattr(practice, name)) for name in names}


def _adopting_municipalities(practice: Practice) -> list:
    adopted = {a.municipality_id for a in practice.adoptions}
    return [
        m
        for m in current_user.municipalities
        if m.id != practice.municipality_id
        and m.id not in adopted
        and permissions.can_record_adoption(current_user, practice, m)
    ]


@bp.route("/practices/<int:practice_id>")
def practice(practice_id: int):
    p = get_practice_or_404(practice_id)
    adopt_form = AdoptForm()
    options = _adopting_municipalities(p) if p.status == "published" else []
    adopt_form.municipality.choices = choices((m.id, m.name) for m in options)
    outcome_forms = {
        a.id: OutcomeForm(prefix=f"a{a.id}", outcome=a.outcome)
        for a in p.adoptions
        if permissions.can_record_adoption(current_user, p, a.municipality)
    }
    return render_template(
        "forum/practice.html",
        practice=p,
        fields=_rendered_fields(p),
        summary=p.topic.posts[0] if p.topic.posts else None,
        dims=practices.dimensions(),
        adopt_form=adopt_form,
        adopt_options=options,
        outcome_forms=outcome_forms,
        **_discussion(p),
    )


def _discussion(p: Practice) -> dict:
    """The replies under a practice and the discussion part's reply form (quoting a
    post with ?quote=), once the practice is published."""
    topic = p.topic
    can_reply = p.status == "published" and permissions.can_reply(current_user, topic)
    form = PostForm(formdata=None)
    form.set_municipalities(current_user.name, services.posting_municipalities(current_user, topic.network_id))
    quoted_id = request.args.get("quote", type=int)
    if quoted_id and can_reply:
        quoted = db.session.get(Post, quoted_id)
        if quoted is not None and quoted.topic_id == topic.id and permissions.can_view_post(current_user, quoted):
            handle = mentions.handle_of(quoted.author, topic.network_id) if quoted.author else ""
            form.body.data = services.quote_text(quoted, handle)
    return {
        "topic": topic,
        "posts": practices.replies(p),
        "page": 1,
        "form": form,
        "can_reply": can_reply,
        "preview": None,
        "refused": None,
        "handles": mentions.handles(topic.network_id),
    }


def _form_page(form, practice=None, status=200):
    return render_template("forum/practice_form.html", form=form, practice=practice), status


@bp.route("/practices/new", methods=["GET", "POST"])
@limits.post_rate_limit
def submit_practice():
    municipalities = _submit_municipalities()
    permissions.require(bool(municipalities))
    form = PracticeForm()
    form.municipality.choices = choices((m.id, m.name) for m in municipalities)
    form.dimensions.choices = _dimension_choices(practices.dimensions())
    if not form.is_submitted():
        form.municipality.data = municipalities[0].id
        form.dimensions.data = [d for d in request.args.getlist("dimension") if d in practices.dimensions()]
    if not form.validate_on_submit():
        return _form_page(form, status=422 if form.errors else 200)
    municipality = next(m for m in municipalities if m.id == form.municipality.data)
    try:
        p = practices.submit(
            current_user,
            municipality,
            title=form.title.data,
            summary=form.summary.data,
            fields=form.text_fields(),
            dimension_keys=form.dimensions.data,
        )
    except practices.PracticeError as refused:
        db.session.rollback()
        flash(refused.message, "danger")
        return _form_page(form, status=422)
    db.session.commit()
    flash(_("Thank you! The network coordination reviews your practice before it is published."), "success")
    return redirect(url_for("forum.practice", practice_id=p.id))


@bp.route("/practices/<int:practice_id>/edit", methods=["GET", "POST"])
@limits.post_rate_limit
def edit_practice(practice_id: int):
    p = get_practice_or_404(practice_id, permissions.can_edit_practice)
    form = PracticeForm()
    del form.municipality
    form.dimensions.choices = _dimension_choices(practices.dimensions())
    if not form.is_submitted():
        form.title.data = p.topic.title
        form.summary.data = p.topic.posts[0].body if p.topic.posts else ""
        for name in practices.TEXT_FIELDS + ("contact",):
            getattr(form, name).data = getattr(p, name)
        form.dimensions.data = p.dimension_keys
    if not form.validate_on_submit():
        return _form_page(form, p, status=422 if form.errors else 200)
    was = p.status
    practices.update(
        p,
        current_user,
        title=form.title.data,
        summary=form.summary.data,
        fields=form.text_fields(),
        dimension_keys=form.dimensions.data,
    )
    db.session.commit()
    if was == "changes_requested" and p.status == "submitted":
        flash(_("Saved and sent to the network coordination for review again."), "success")
    else:
        flash(_("The practice is saved."), "success")
    return redirect(url_for("forum.practice", practice_id=p.id))


@bp.route("/networks/<int:network_id>/practices/review")
def review_queue(network_id: int):
    network = moderated_network_or_404(network_id)
    return render_template(
        "forum/review_queue.html", network=network, items=practices.review_queue(network.id)
    )


@bp.route("/practices/<int:practice_id>/review", methods=["GET", "POST"])
def review_practice(practice_id: int):
    p = get_practice_or_404(practice_id, permissions.can_review_practice)
    form = ReviewForm()
    if p.status != "submitted":
        if form.is_submitted():
            flash(_("This practice has already been reviewed."), "warning")
            return redirect(url_for("forum.practice", practice_id=p.id), 303)
    elif form.validate_on_submit():
        practices.review(p, current_user, form.decision.data, form.note.data or "")
        db.session.commit()
        flash(
            {
                "published": _("The practice is published."),
                "changes_requested": _("The practice went back to its authors for changes."),
                "rejected": _("The practice is rejected."),
            }[p.status],
            "success",
        )
        return redirect(url_for("forum.review_queue", network_id=p.topic.network_id))
    return render_template(
        "forum/review_practice.html",
        practice=p,
        form=form,
        fields=_rendered_fields(p),
        summary=p.topic.posts[0] if p.topic.posts else None,
        dims=practices.dimensions(),
    ), 422 if form.errors else 200


@bp.route("/practices/<int:practice_id>/adopt", methods=["POST"])
@limits.post_rate_limit
def adopt_practice(practice_id: int):
    p = get_practice_or_404(practice_id)
    options = _adopting_municipalities(p)
    permissions.require(p.status == "published" and bool(options))
    form = AdoptForm()
    form.municipality.choices = choices((m.id, m.name) for m in options)
    if not form.validate_on_submit():
        flash(_("Please choose the municipality that adopted the practice."), "danger")
        return redirect(url_for("forum.practice", practice_id=p.id) + "#adoptions")
    municipality = next(m for m in options if m.id == form.municipality.data)
    practices.record_adoption(p, municipality, current_user)
    db.session.commit()
    flash(_("Noted: %(name)s adopted this practice. Tell others later how it went.", name=municipality.name), "success")
    return redirect(url_for("forum.practice", practice_id=p.id) + "#adoptions")


@bp.route("/adoptions/<int:adoption_id>/outcome", methods=["POST"])
@limits.post_rate_limit
def adoption_outcome(adoption_id: int):
    adoption = adoption_or_404(adoption_id)
    p = get_practice_or_404(adoption.practice_id)
    permissions.require(permissions.can_record_adoption(current_user, p, adoption.municipality))
    form = OutcomeForm(prefix=f"a{adoption.id}")
    if not form.validate_on_submit():
        flash(_("Please describe the outcome in at most 2000 characters."), "danger")
        return redirect(url_for("forum.practice", practice_id=p.id) + f"#adoption-{adoption.id}")
    practices.set_outcome(adoption, current_user, form.outcome.data or "")
    db.session.commit()
    flash(_("Thank you for telling others how it went."), "success")
    return redirect(url_for("forum.practice", practice_id=p.id) + f"#adoption-{adoption.id}")
