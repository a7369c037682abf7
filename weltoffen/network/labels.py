"""Display labels for stored codes (translated at render time)."""

from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "member": _l("Team member"),
    "lead": _l("Municipal lead"),
    "official": _l("Official"),
    "trust_person": _l("Trust person"),
    "coordinator": _l("Network coordinator"),
    "admin": _l("Platform admin"),
}

KIND_LABELS = {
    "gemeinde": _l("Municipality (Gemeinde)"),
    "stadt": _l("Town (Stadt)"),
    "kreisfreie_stadt": _l("District-free city"),
    "landkreis": _l("District (Landkreis)"),
}
