"""The pages' frame: one HTML document with its CSS and JavaScript inline (no file
beside it, no network: a Content-Security-Policy forbids any fetch), and the small
helpers every page builds its tables with. Every value put into a page goes
through ``html.escape`` (``esc``).

The script, the same on every page:

- a click on a mention's label or on a word it covers (the shortest mention
  there) selects the mention: its label, its lines and its row get the class
  ``selected`` (a selected row is outlined, keeping a gold colour), and the row
  scrolls into view; a click on a row selects its mention and scrolls the text's
  box (not the page) to it; hovering does the same with ``hover``;
- ``page.html#pm3`` selects the mention ``pm3`` on load, the page scrolled to its
  row and the text's box to the mention (the entity pages link to mentions so;
  no element has the id ``pm3``, so the browser scrolls nothing itself);
- a ``table.sortable`` sorts by a column when its header is clicked (numbers by
  their ``data-v``), and an ``input.filter`` keeps the rows of its table that
  contain the text typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

COLORS = {  # displaCy's palette where it has the label
    "PER": "#aa9cfc", "ORG": "#7aecec", "SCHOOL": "#bfeb8f", "DATE": "#bfe1d9",
    "EVENT_FORMAT": "#ffeb80", "LOC": "#ff9561",
}

CSS = (
    ":root{--fp:#d7263d;--role:#f28c28;--org:#9b30d9;--fn:#1f6feb}"
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#222;background:#f6f7f8}"
    "header{background:#263238;color:#fff;padding:7px 16px}header a{color:#b2ebf2;margin-right:10px}"
    "header .h{color:#fff;font-weight:600}main{padding:12px 16px}h1{font-size:19px;margin:4px 0 8px}"
    "h2{font-size:15px;margin:14px 0 6px}.meta{color:#555;margin:0 0 8px}.meta b{color:#222}"
    ".cols{display:flex;gap:16px;align-items:flex-start}.rows{flex:1 1 44%;min-width:0}"
    ".text{flex:1 1 56%;background:#fff;border:1px solid #ddd;border-radius:4px;padding:10px 16px 16px;"
    "white-space:pre-wrap;line-height:2.75;font-size:15px;max-height:calc(100vh - 90px);overflow:auto;"
    "position:sticky;top:8px}"
    ".tok{position:relative;display:inline-block;white-space:pre;line-height:1.3;cursor:pointer}"
    ".bar{position:absolute;left:0;right:0;height:3px;top:calc(100% + 1px + var(--k)*5px)}"
    ".tag{display:inline-block;font-size:9px;font-weight:700;line-height:1.25;padding:0 3px;margin:0 2px 0 1px;"
    "border-radius:3px;vertical-align:.7em;cursor:pointer;color:#111}"
    ".tag.selected{outline:2px solid #111}.bar.selected{background:#111!important;height:4px}"
    ".tag.hover{outline:1px dashed #333}"
    "table{border-collapse:collapse;width:100%;background:#fff;margin:0 0 12px}"
    "th,td{border:1px solid #e1e4e6;padding:3px 6px;text-align:left;vertical-align:top}"
    "th{background:#eceff1;position:sticky;top:0;font-weight:600}th.sort{cursor:pointer}"
    "th.asc:after{content:' \\25B2'}th.desc:after{content:' \\25BC'}td.num,th.num{text-align:right}"
    "tr[data-m]{cursor:pointer}tr.hover>td{background:#f1f8ff}tr.selected>td{background:#fff3b0}"
    "tr.selected{outline:2px solid #111;outline-offset:-2px}"
    "tr.err>td{color:#a00}.off{color:#888;font-size:11px}"
    # a person not in the gold has its role and organization wrong too: its colour is the false positive's
    "tr.gold-role>td{background:#ffeedd}tr.gold-org>td{background:#f3e5fb}tr.gold-fp>td{background:#fde2e4}"
    "tr.gold-role>td:first-child{box-shadow:inset 5px 0 var(--role)}"
    "tr.gold-org>td:first-child{box-shadow:inset 5px 0 var(--org)}"
    "tr.gold-fp>td:first-child{box-shadow:inset 5px 0 var(--fp)}"
    ".tag.gold-role{box-shadow:0 0 0 2px var(--role)}.tag.gold-org{box-shadow:0 0 0 2px var(--org)}"
    ".tag.gold-fp{box-shadow:0 0 0 2px var(--fp)}"
    ".legend span{display:inline-block;margin-right:12px}.sw{display:inline-block;width:12px;height:12px;"
    "border-radius:2px;vertical-align:-1px;margin-right:4px}"
    ".gold{background:#fff;border:1px solid #ddd;border-radius:4px;padding:6px 12px;margin:0 0 12px}"
    ".gold ul{margin:4px 0;padding-left:0;list-style:none}.gold li{padding:1px 6px;margin:2px 0}"
    ".verdicts{display:flex;gap:16px;flex-wrap:wrap}.verdicts>div{flex:1 1 30%;min-width:260px;max-height:220px;"
    "overflow:auto}li.wrong{border-left:5px solid var(--fp);background:#fde2e4}li[data-m]{cursor:pointer}"
    "li.gold-role{border-color:var(--role);background:#ffeedd}li.gold-org{border-color:var(--org);background:#f3e5fb}"
    "li.selected{outline:2px solid #111}li.missed{border-left:5px solid var(--fn);background:#e8f0fe}"
    "li.loose{border-left:5px solid #999}.field{color:#666;font-size:12px;margin-right:6px}"
    ".evidence{background:#fff;border:1px solid #ddd;border-left:4px solid #607d8b;padding:6px 10px;"
    "white-space:pre-wrap}mark{background:#fff3b0}.ctx{color:#555}input.filter{padding:4px 6px;width:320px;"
    "margin:0 8px 8px 0}.error{color:#a00}"
    + "".join(f".L-{label}{{background:{color}}}" for label, color in COLORS.items())
)

JS = """(function(){"use strict";
function all(s,r){return Array.prototype.slice.call((r||document).querySelectorAll(s));}
function marked(id){return all('[data-m="'+id.replace(/"/g,'')+'"]');}
function clear(c){all('.'+c).forEach(function(e){e.classList.remove(c);});}
function idAt(t){var e=t.closest('[data-m]');if(e)return e.getAttribute('data-m');
 var k=t.closest('.tok');return k?k.getAttribute('data-ms').split(' ')[0]:null;}
function select(id,from){clear('selected');if(!id)return;
 marked(id).forEach(function(e){e.classList.add('selected');});
 var row=document.getElementById('row-'+id),tag=document.getElementById('tag-'+id),box=tag&&tag.closest('.text');
 if(row&&from!=='row')row.scrollIntoView({block:from==='link'?'center':'nearest'});
 if(box&&from!=='text')box.scrollTop=tag.offsetTop-box.clientHeight/3;}
document.addEventListener('click',function(ev){
 if(!ev.target.closest||ev.target.closest('a,input,th'))return;var id=idAt(ev.target);if(!id)return;
 select(id,ev.target.closest('tr')?'row':'text');
 if(history.replaceState)history.replaceState(null,'','#'+id);});
document.addEventListener('mouseover',function(ev){if(!ev.target.closest)return;
 var id=idAt(ev.target);clear('hover');if(id)marked(id).forEach(function(e){e.classList.add('hover');});});
function onload(){var id=decodeURIComponent(location.hash.slice(1));
 if(id&&document.getElementById('row-'+id))select(id,'link');}
if(document.readyState==='loading')document.addEventListener('DOMContentLoaded',onload);else onload();
function key(td){var v=td.getAttribute('data-v');if(v!==null&&v!=='')return parseFloat(v);
 return td.textContent.trim().toLowerCase();}
all('table.sortable').forEach(function(t){all('thead th',t).forEach(function(th,i){th.classList.add('sort');
 th.addEventListener('click',function(){var desc=th.classList.contains('asc');
  all('thead th',t).forEach(function(h){h.classList.remove('asc','desc');});th.classList.add(desc?'desc':'asc');
  var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows);
  rows.sort(function(r,s){var x=key(r.cells[i]),y=key(s.cells[i]);
   var c=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y),'ru');
   return desc?-c:c;});rows.forEach(function(r){b.appendChild(r);});});});});
all('input.filter').forEach(function(inp){var t=document.getElementById(inp.getAttribute('data-table'));
 inp.addEventListener('input',function(){var q=inp.value.trim().toLowerCase(),n=0;
  Array.prototype.slice.call(t.tBodies[0].rows).forEach(function(r){
   var ok=!q||r.textContent.toLowerCase().indexOf(q)>=0;r.hidden=!ok;if(ok)n++;});
  var c=document.getElementById(inp.getAttribute('data-count'));if(c)c.textContent=n;});});
})();"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def esc(value: object) -> str:
    """A value as HTML text: None as empty."""
    return "" if value is None else escape(str(value))


def page(title: str, body: str, depth: int = 0) -> str:
    """A whole page; ``depth`` is how deep below the site's root it lies (for links)."""
    up = "../" * depth
    nav = "".join(f'<a href="{up}{href}">{name}</a>' for href, name in (
        ("index.html", "documents"), ("persons.html", "persons"), ("schools.html", "schools"),
        ("organizations.html", "organizations")))
    return (
        '<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} · svodka review</title><style>{CSS}</style></head>"
        f'<body><header>svodka review: {nav}<span class="h">{esc(title)}</span></header>'
        f"<main>{body}</main><script>{JS}</script></body></html>\n"
    )


def cell(value: object, num: bool = False, css: str = "") -> str:
    """A ``td`` of plain text; a number sorts by its value (``data-v``)."""
    classes = " ".join(c for c in ("num" if num else "", css) if c)
    cls = f' class="{classes}"' if classes else ""
    if num:
        v = value if isinstance(value, (int, float)) and not isinstance(value, bool) else -1
        return f'<td{cls} data-v="{v}">{esc(value)}</td>'
    return f"<td{cls}>{esc(value)}</td>"


def raw_cell(html: str, css: str = "") -> str:
    """A ``td`` of markup already escaped."""
    return f'<td class="{esc(css)}">{html}</td>' if css else f"<td>{html}</td>"


def link(href: str, text: object) -> str:
    return f'<a href="{esc(href)}">{esc(text)}</a>'


def table(headers: Iterable[str], rows: Iterable[str], table_id: str = "", sortable: bool = True,
          numeric: Iterable[str] = ()) -> str:
    """A table of ``rows`` (each a whole ``<tr>…</tr>``)."""
    nums = set(numeric)
    head = "".join(f'<th class="num">{esc(h)}</th>' if h in nums else f"<th>{esc(h)}</th>" for h in headers)
    ident = f' id="{esc(table_id)}"' if table_id else ""
    cls = ' class="sortable"' if sortable else ""
    return f"<table{ident}{cls}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def filter_box(table_id: str, count: int, what: str) -> str:
    """A text box filtering the table ``table_id``, and how many rows it shows."""
    return (f'<input class="filter" type="search" placeholder="filter {esc(what)}…" data-table="{esc(table_id)}" '
            f'data-count="{esc(table_id)}-n"><span id="{esc(table_id)}-n">{count}</span> {esc(what)}')


def swatch(color: str) -> str:
    return f'<span class="sw" style="background:{esc(color)}"></span>'


def legend() -> str:
    """The colours of the labels."""
    return '<p class="legend">' + "".join(
        f'<span><span class="tag L-{label}">{label}</span></span>' for label in COLORS) + "</p>"


def gold_legend() -> str:
    """The colours of the gold's verdicts."""
    items = (("var(--fp)", "not in the gold (false positive)"), ("var(--role)", "wrong role, or a school's kind/name"),
             ("var(--org)", "wrong organization of a person"), ("var(--fn)", "missed (false negative)"))
    return '<p class="legend gold-legend">' + "".join(f"<span>{swatch(c)}{esc(t)}</span>" for c, t in items) + "</p>"
