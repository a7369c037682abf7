"""A corpus of XSS and injection payloads (OWASP filter-evasion cheat sheet, PortSwigger's
XSS cheat sheet, Markdown-specific tricks) for the browser test that puts them through
every text field shown to others. Each payload, if it ever executed, would call
`alert()` or set `window.__xss` — the test listens for dialogs and checks the flag."""

from itertools import product

_JS = "alert(1)"

#: Plain HTML script and tag injection.
HTML = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<script src=//127.0.0.1:1/x.js></script>",
    "<script>window.__xss=1</script>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "\"><script>alert(1)</script>",
    "'><script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1)//<</script>",
    "<script/src=data:,alert(1)></script>",
    "<script>/*</script>*/alert(1)</script>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<template><script>alert(1)</script></template>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<base href=\"javascript:alert(1)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<link rel=import href=data:text/html,<script>alert(1)</script>>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>parent.alert(1)</script>\"></iframe>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<isindex action=javascript:alert(1) type=image>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<div style=\"x:expression(alert(1))\">x</div>",
    "<xss id=x tabindex=1 onfocus=alert(1)></xss>",
    "<plaintext><script>alert(1)</script>",
]

#: Event handlers on many elements.
_HANDLERS = ["onerror", "onload", "onmouseover", "onfocus", "onclick", "onanimationstart", "ontoggle",
             "onpointerenter", "onbegin", "onstart"]
_ELEMENTS = [
    "<img src=x {h}=alert(1)>",
    "<svg {h}=alert(1)>",
    "<body {h}=alert(1)>",
    "<details open {h}=alert(1)>",
    "<input autofocus {h}=alert(1)>",
    "<video src=x {h}=alert(1)>",
    "<a href=# {h}=alert(1)>x</a>",
    "<marquee {h}=alert(1)>x</marquee>",
]
EVENTS = [e.format(h=h) for e, h in product(_ELEMENTS, _HANDLERS[:8])]
EVENTS += [
    "<img src=x onerror=\"window.__xss=1\">",
    "<img/src=x/onerror=alert(1)>",
    "<img src=x oNeRrOr=alert(1)>",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
    "<img src=x onerror=\\u0061lert(1)>",
    "<img src=`x` onerror=alert(1)>",
    "<img \"\"\"><script>alert(1)</script>\">",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><set onbegin=alert(1) attributeName=x to=1>",
    "<style>@keyframes x{}</style><b style=animation-name:x onanimationstart=alert(1)>x</b>",
]

#: javascript:, data: and vbscript: URLs in links and sources.
URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java&#x09;script:alert(1)",
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
    "javascript&colon;alert(1)",
    "javascript:/*--></title></style></textarea></script><svg/onload=alert(1)>",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
]
LINKS = [f"<a href=\"{u}\">x</a>" for u in URLS]
LINKS += [f"<img src=\"{u}\">" for u in URLS[:6]]
LINKS += [f"<iframe src=\"{u}\"></iframe>" for u in URLS[8:11]]

#: Markdown link and image tricks (markdown-it-py, then nh3).
MARKDOWN = [f"[klick]({u})" for u in URLS]
MARKDOWN += [f"![bild]({u})" for u in URLS]
MARKDOWN += [
    "[klick](javascript:alert(1) \"titel\")",
    "[klick]( javascript:alert(1) )",
    "[klick](<javascript:alert(1)>)",
    "[klick][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[a](https://example.org\"onmouseover=\"alert(1))",
    "[a](https://example.org'onmouseover='alert(1))",
    "![a\"onerror=\"alert(1)](x)",
    "![a](x \"onerror=alert(1)\")",
    "[<img src=x onerror=alert(1)>](https://example.org)",
    "**<img src=x onerror=alert(1)>**",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "> <script>alert(1)</script>",
    "- <svg onload=alert(1)>",
    "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | x |",
    "[![x](javascript:alert(1))](javascript:alert(1))",
    "<https://example.org/\"><script>alert(1)</script>>",
    "[x](#\" onclick=\"alert(1))",
    "~~<img src=x onerror=alert(1)>~~",
]

#: Entities, encodings and Unicode tricks.
ENCODED = [
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\\x3cscript\\x3ealert(1)\\x3c/script\\x3e",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "<scr\u0000ipt>alert(1)</scr\u0000ipt>",
    "<img src=x on\u200berror=alert(1)>",
    "\u202e<script>alert(1)</script>",
    "<a href=\"jav\u0000ascript:alert(1)\">x</a>",
    "<a href=\"\u2028javascript:alert(1)\">x</a>",
    "<svg><script>&#97;lert(1)</script></svg>",
    "<svg><script xlink:href=data:,alert(1) />",
    "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<a href=\"https://example.org\" target=_blank>x</a>",
    "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
    "<img src=x onerror=alert`1`>",
]

#: Template, attribute-breaking and injection strings (Jinja, htmx, SQL, headers).
INJECTION = [
    "{{ 7*7 }}",
    "{{ config }}",
    "{% for x in range(3) %}x{% endfor %}",
    "${alert(1)}",
    "#{alert(1)}",
    "\" autofocus onfocus=\"alert(1)",
    "' autofocus onfocus='alert(1)",
    "\" hx-get=\"/auth/logout\" hx-trigger=\"load",
    "<div hx-get=\"/auth/logout\" hx-trigger=\"load\">x</div>",
    "<div hx-on:load=\"alert(1)\">x</div>",
    "<div data-hx-get=\"/\" data-hx-trigger=\"load\">x</div>",
    "'; DROP TABLE post; --",
    "\" OR 1=1 --",
    "1' UNION SELECT password_hash FROM user --",
    "Robert'); DROP TABLE topic;--",
    "\r\nSet-Cookie: x=1",
    "../../../../etc/passwd",
    "NEAR(a b) OR \"",
    "* OR x:y",
    "<style>*{display:none}</style>",
]

ALL: list[str] = list(dict.fromkeys(HTML + EVENTS + LINKS + MARKDOWN + ENCODED + INJECTION))


def chunks(size: int) -> list[list[str]]:
    """The corpus in groups of `size`, for fields that hold several payloads at once."""
    return [ALL[i : i + size] for i in range(0, len(ALL), size)]
