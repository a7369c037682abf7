"""The reflow check of every page a journey visits (support.check_page): the document
must not scroll sideways at 320 px (WCAG 1.4.10) and at 1,280 px; only content inside a
focusable, named scroll region (table_region in _macros/ui.html) may be wider."""

import pytest
from playwright.sync_api import Page

#: The widths at which no page may scroll sideways (WCAG 1.4.10 Reflow: 320 CSS px is
#: 1,280 px zoomed to 400 %; 1,280 px is a common laptop window).
REFLOW_WIDTHS = (320, 1280)

#: Whether the document scrolls sideways, and if so which elements reach past its right
#: edge (outside a scroll region, whose content is allowed to be wider). Also every element
#: that scrolls sideways itself must be a scroll region a keyboard and a screen reader can
#: use: tabindex="0", role="region" and an accessible name.
SIDEWAYS_CHECK = """() => {
  const root = document.documentElement;
  const describe = (el) => {
    let d = el.tagName.toLowerCase();
    if (el.id) d += '#' + el.id;
    if (typeof el.className === 'string' && el.className.trim())
      d += '.' + el.className.trim().split(/\\s+/).slice(0, 3).join('.');
    const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return `${d} (${Math.round(el.getBoundingClientRect().width)} px${text ? ': ' + text : ''})`;
  };
  const scrolls = (el) => {
    const o = getComputedStyle(el).overflowX;
    return (o === 'auto' || o === 'scroll') && el !== root && el !== document.body;
  };
  const region = (el) => el.getAttribute('tabindex') === '0' && el.getAttribute('role') === 'region'
    && !!(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'));
  const problems = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (scrolls(el) && el.scrollWidth > el.clientWidth + 1 && !region(el))
      problems.push('scrolls sideways but is no focusable, named region: ' + describe(el));
  }
  if (root.scrollWidth > root.clientWidth) {
    const limit = root.clientWidth + 0.5;
    // inside a scroller that clips it: an absolutely positioned element (a visually hidden
    // text) is clipped only by a scroller at or above its containing block
    const inScroller = (el) => {
      const own = getComputedStyle(el).position;
      if (own === 'fixed') return false;
      let escaping = own === 'absolute';
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        const position = getComputedStyle(up).position;
        if (escaping && position === 'static') continue;
        if (scrolls(up)) return true;
        if (position === 'fixed') return false;
        escaping = position === 'absolute';
      }
      return false;
    };
    const wide = [...document.body.querySelectorAll('*')].filter(
      (el) => el.getBoundingClientRect().right > limit && !inScroller(el));
    // text that does not wrap (a long word or address) reaches past its own box
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const parent = t.parentElement;
      if (!t.textContent.trim() || wide.includes(parent) || scrolls(parent) || inScroller(parent)) continue;
      range.selectNodeContents(t);
      if (range.getBoundingClientRect().right > limit) wide.push(parent);
    }
    // the innermost elements that reach too far are the ones to fix
    const innermost = wide.filter((el) => !wide.some((o) => o !== el && el.contains(o)));
    const path = [];  // where the first of them is
    for (let up = innermost[0]; up && up !== document.body; up = up.parentElement) {
      path.unshift(describe(up).split(' (')[0]);
    }
    problems.push(`the document is ${root.scrollWidth} px wide in a ${root.clientWidth} px window: `
      + innermost.slice(0, 6).map(describe).join('; ') + (path.length ? ` – in ${path.join(' > ')}` : ''));
  }
  return problems;
}"""


def check_reflow(page: Page, name: str) -> None:
    """No sideways scrolling of the document at REFLOW_WIDTHS (content inside a focusable
    scroll region excepted). Only the viewport changes, the document stays (no reload, the
    htmx state and the form's values are kept), and the journey's viewport is restored."""
    original = page.viewport_size
    if original is None:
        return
    problems = []
    try:
        for width in REFLOW_WIDTHS:
            page.set_viewport_size({"width": width, "height": original["height"]})
            page.wait_for_function("w => window.innerWidth === w", arg=width)
            problems += [f"at {width} px: {p}" for p in page.evaluate(SIDEWAYS_CHECK)]
    finally:
        page.set_viewport_size(original)
        page.wait_for_function("w => window.innerWidth === w", arg=original["width"])
    if problems:
        pytest.fail(f"{name} ({page.url}) does not reflow:\n  " + "\n  ".join(problems), pytrace=False)
