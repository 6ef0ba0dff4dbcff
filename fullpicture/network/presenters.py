"""The genogram: the people around a child drawn server-side as accessible SVG.

Standard notation: squares for males, circles for females (a diamond when not known),
a horizontal line between partners (a slash across it when they separated), children
hanging from their parents' line (twins from one point), a cross over anyone who has
died, the child drawn double, and a line around the current household. A partner line
that children's social care has not recorded is dashed: that is where hidden adults
show. Built as a string like the timeline (chronology/presenters.py): every text is
escaped, nothing needs JavaScript, and the style travels inside the SVG so the export
and the printed page look the same.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from fullpicture.core.templatetags.fp import age_on, date_text
from fullpicture.network.derivation import Edge
from fullpicture.network.selectors import Network, PersonRow
from fullpicture.people.models import Person

SIZE = 40  # a symbol's width and height
SLOT = 150  # horizontal room for one person and their label
GAP = 60  # between the family and the others in a row
ROW = 170  # vertical distance between generations
TOP = 50
SIDE = 30
MAX_NAME = 22

STYLE = """
.g-sym{fill:#fff;stroke:#0b0c0c;stroke-width:2}
.g-sym--hidden{stroke:#d4351c;stroke-width:3}
.g-child{fill:none;stroke:#0b0c0c;stroke-width:2}
.g-line{fill:none;stroke:#0b0c0c;stroke-width:2}
.g-line--dashed{stroke-dasharray:8 5}
.g-line--step{stroke-dasharray:2 4}
.g-cross{stroke:#0b0c0c;stroke-width:2}
.g-household{fill:none;stroke:#1d70b8;stroke-width:3;stroke-dasharray:none;stroke-linejoin:round}
.g-name{font:bold 13px Arial,sans-serif;fill:#0b0c0c}
.g-text{font:12px Arial,sans-serif;fill:#0b0c0c}
.g-flag{font:bold 12px Arial,sans-serif;fill:#d4351c}
.g-name,.g-text,.g-flag{paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}
.g-legend{font:12px Arial,sans-serif;fill:#0b0c0c}
"""


@dataclass
class Node:
    person: Person
    label: str
    role: str
    generation: int
    in_household: bool = False
    hidden: bool = False
    is_child: bool = False
    x: float = 0.0
    y: float = 0.0
    parents: frozenset[str] = field(default_factory=frozenset)

    @property
    def id(self) -> str:
        return self.person.pk.hex


def _short(text: str, limit: int = MAX_NAME) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _age_text(person: Person, day: date) -> str:
    if person.birth_date is None:
        return "age not known"
    if person.deceased_on:
        return f"born {person.birth_date.year}, died {person.deceased_on.year}"
    return f"born {person.birth_date.year} (age {age_on(person.birth_date, day)})"


def _short_label(row: PersonRow) -> str:
    label = row.label
    if label.startswith(("Partner of ", "Ex-partner of ")):
        head, _, tail = label.partition(" (")
        return f"{head.split(' of ')[0]} of {tail.rstrip(')')}"
    return label.split(" (")[0]


def _nodes(network: Network) -> dict[str, Node]:
    child = network.child
    nodes = {
        child.pk.hex: Node(child, "The child", "child_self", 0, in_household=True, is_child=True)
    }
    for row in network.people:
        nodes[row.person.pk.hex] = Node(
            row.person,
            _short_label(row),
            row.role,
            row.generation,
            in_household=row.in_household,
            hidden=row.hidden,
        )
    return nodes


def _parents_of(nodes: dict[str, Node], edges: list[Edge], child_id: str) -> None:
    """Each node's displayed biological parents; siblings without recorded parents share
    the child's, and half-siblings the parent they were recorded through."""
    parents: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        if edge.kind == "parent" and edge.a_id in nodes and edge.b_id in nodes:
            parents[edge.b_id].add(edge.a_id)
    child_parents = frozenset(parents.get(child_id, set()))
    for node in nodes.values():
        known = parents.get(node.id)
        if known:
            node.parents = frozenset(known)
        elif node.role == "sibling":
            node.parents = child_parents
    nodes[child_id].parents = child_parents


def _partners(edges: list[Edge], nodes: dict[str, Node]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        if edge.kind in ("partner", "ex_partner") and edge.a_id in nodes and edge.b_id in nodes:
            found[edge.a_id].append(edge.b_id)
            found[edge.b_id].append(edge.a_id)
    return found


def _layout(network: Network, nodes: dict[str, Node], edges: list[Edge]) -> dict[int, list[Node]]:
    child_id = network.child.pk.hex
    partners = _partners(edges, nodes)
    sex_order = {"M": 0, "U": 1, "": 1, "F": 2}

    def birth(node: Node) -> tuple:
        return (node.person.birth_date or date.max, node.person.family_name, node.person.given_name)

    rows: dict[int, list[Node]] = defaultdict(list)
    placed: set[str] = set()

    def put(generation: int, node: Node) -> None:
        if node.id not in placed:
            node.generation = generation
            rows[generation].append(node)
            placed.add(node.id)

    # Parents: fathers left, mothers right, each parent's other partners on their outside.
    parents = sorted(
        (nodes[p] for p in nodes[child_id].parents),
        key=lambda n: (sex_order.get(n.person.sex, 1), birth(n)),
    )
    for n in nodes.values():
        if n.role in ("parent", "step_parent") and n.id not in nodes[child_id].parents:
            parents.append(n)
    for index, parent in enumerate(parents):
        others = [nodes[p] for p in partners.get(parent.id, []) if p not in placed]
        others = [o for o in others if o not in parents]
        if index == 0 and len(parents) > 1:
            for other in others:
                put(-1, other)
            put(-1, parent)
        else:
            put(-1, parent)
            for other in others:
                put(-1, other)
    # Grandparents above the parent they belong to.
    for parent in list(rows[-1]):
        for gp in sorted(
            (nodes[p] for p in parent.parents), key=lambda n: sex_order.get(n.person.sex, 1)
        ):
            put(-2, gp)
    for n in sorted(nodes.values(), key=birth):
        if n.role == "grandparent":
            put(-2, n)
    # The child's generation: one sibship by date of birth (twins side by side).
    family = [n for n in nodes.values() if n.role in ("sibling", "half_sibling") or n.is_child]
    for n in sorted(family, key=birth):
        put(0, n)
    for n in sorted(nodes.values(), key=birth):
        if n.role == "child":
            put(1, n)
    # Everyone else, after the family in their row: household first.
    for n in sorted(nodes.values(), key=lambda n: (not n.in_household, birth(n))):
        if n.id not in placed:
            put(-1 if n.generation < 0 else max(0, n.generation), n)
    return rows


def _family_end(row: list[Node]) -> int:
    for index, node in enumerate(row):
        if node.role == "other" and not node.is_child:
            return index
    return len(row)


def _symbol(node: Node) -> str:
    x, y, s = node.x, node.y, SIZE
    cls = "g-sym g-sym--hidden" if node.hidden else "g-sym"
    sex = node.person.sex
    out = []
    if sex == "M":
        out.append(
            f'<rect class="{cls}" x="{x - s / 2:.1f}" y="{y:.1f}" width="{s}" height="{s}"/>'
        )
        if node.is_child:
            out.append(
                f'<rect class="g-child" x="{x - s / 2 - 6:.1f}" y="{y - 6:.1f}" '
                f'width="{s + 12}" height="{s + 12}"/>'
            )
    elif sex == "F":
        out.append(f'<circle class="{cls}" cx="{x:.1f}" cy="{y + s / 2:.1f}" r="{s / 2}"/>')
        if node.is_child:
            out.append(
                f'<circle class="g-child" cx="{x:.1f}" cy="{y + s / 2:.1f}" r="{s / 2 + 6}"/>'
            )
    else:
        h = s / 2
        points = (
            f"{x:.1f},{y:.1f} {x + h:.1f},{y + h:.1f} {x:.1f},{y + s:.1f} {x - h:.1f},{y + h:.1f}"
        )
        out.append(f'<polygon class="{cls}" points="{points}"/>')
        if node.is_child:
            h2 = h + 7
            points = (
                f"{x:.1f},{y + h - h2:.1f} {x + h2:.1f},{y + h:.1f} "
                f"{x:.1f},{y + h + h2:.1f} {x - h2:.1f},{y + h:.1f}"
            )
            out.append(f'<polygon class="g-child" points="{points}"/>')
    if node.person.deceased_on:
        out.append(
            f'<path class="g-cross" d="M{x - s / 2:.1f} {y:.1f}L{x + s / 2:.1f} {y + s:.1f}'
            f'M{x + s / 2:.1f} {y:.1f}L{x - s / 2:.1f} {y + s:.1f}"/>'
        )
    return "".join(out)


def _text(node: Node, day: date, looked_after: bool) -> str:
    x = node.x
    y = node.y + SIZE + (28 if node.is_child else 20)
    lines = [
        f'<text class="g-name" x="{x:.1f}" y="{y:.1f}" text-anchor="middle">'
        f"{escape(_short(node.person.full_name or 'Name not known'))}</text>",
        f'<text class="g-text" x="{x:.1f}" y="{y + 15:.1f}" text-anchor="middle">'
        f"{escape(_age_text(node.person, day))}</text>",
        f'<text class="g-text" x="{x:.1f}" y="{y + 30:.1f}" text-anchor="middle">'
        f"{escape(_short(node.label, 26))}</text>",
    ]
    if node.hidden:
        lines.append(
            f'<text class="g-flag" x="{x:.1f}" y="{y + 45:.1f}" text-anchor="middle">'
            "Hidden adult</text>"
        )
    if node.is_child and looked_after:
        lines.append(
            f'<text class="g-flag" x="{x:.1f}" y="{y + 45:.1f}" text-anchor="middle">'
            "Looked after</text>"
        )
    return "".join(lines)


def _couple_line(a: Node, b: Node, *, dashed: bool, separated: bool, title: str) -> str:
    """Partners side by side, joined between their symbols at mid-height."""
    left, right = sorted((a, b), key=lambda n: n.x)
    line_y = left.y + SIZE / 2
    cls = "g-line g-line--dashed" if dashed else "g-line"
    out = [
        f'<g><title>{escape(title)}</title><path class="{cls}" '
        f'd="M{left.x + SIZE / 2 + (6 if left.is_child else 0):.1f} {line_y:.1f}'
        f'H{right.x - SIZE / 2 - (6 if right.is_child else 0):.1f}"/>'
    ]
    if separated:
        mid = (left.x + right.x) / 2
        out.append(
            f'<path class="g-line" d="M{mid - 5:.1f} {line_y + 8:.1f}L{mid + 5:.1f} {line_y - 8:.1f}"/>'
        )
    out.append("</g>")
    return "".join(out)


def _hull(members: list[Node]) -> str:
    """A line around the household: a box round its members in each generation, the boxes
    joined from one generation to the next."""
    if not members:
        return ""
    by_row: dict[float, list[Node]] = defaultdict(list)
    for node in members:
        by_row[node.y].append(node)
    pad = SIZE / 2 + 24
    boxes = []
    for y in sorted(by_row):
        xs = [n.x for n in by_row[y]]
        boxes.append((min(xs) - pad, max(xs) + pad, y - 14, y + SIZE + 78))
    parts = [
        f'<rect x="{x0:.1f}" y="{top:.1f}" width="{x1 - x0:.1f}" height="{bottom - top:.1f}" '
        f'rx="14"/>'
        for x0, x1, top, bottom in boxes
    ]
    for (a0, a1, _, a_bottom), (b0, b1, b_top, _) in zip(boxes, boxes[1:], strict=False):
        # From the upper box towards the lower one's centre, and back: a short link.
        x_from = min(max((b0 + b1) / 2, a0 + 16), a1 - 16)
        x_to = min(max((a0 + a1) / 2, b0 + 16), b1 - 16)
        parts.append(f'<path d="M{x_from:.1f} {a_bottom:.1f}L{x_to:.1f} {b_top:.1f}"/>')
    return '<g class="g-household"><title>The current household</title>' + "".join(parts) + "</g>"


def _description(network: Network, nodes: dict[str, Node], edges: list[Edge]) -> str:
    child = network.child
    parts = [
        f"{child.full_name}, the child, drawn double"
        + (", looked after" if network.looked_after else "")
        + "."
    ]
    household = [n.person.full_name for n in nodes.values() if n.in_household and not n.is_child]
    if household:
        parts.append(f"Current household (inside the blue line): {', '.join(household)}.")
    for row in network.people:
        words = f"{row.person.full_name}: {row.label}"
        if row.person.deceased_on:
            words += ", deceased"
        if row.hidden:
            words += ", hidden adult (no link recorded by children's social care)"
        parts.append(words + ".")
    dashed = [
        f"{nodes[e.a_id].person.full_name} and {nodes[e.b_id].person.full_name}"
        for e in edges
        if e.kind in ("partner", "ex_partner")
        and not e.by_csc
        and e.a_id in nodes
        and e.b_id in nodes
    ]
    if dashed:
        parts.append(
            "Dashed partner lines, not recorded by children's social care: "
            + "; ".join(dashed)
            + "."
        )
    return " ".join(parts)


def genogram_svg(network: Network, *, standalone: bool = False) -> SafeString:
    """The genogram of `network`, as inline SVG (or a standalone document for export)."""
    nodes = _nodes(network)
    edges = network.edges
    child_id = network.child.pk.hex
    _parents_of(nodes, edges, child_id)
    rows = _layout(network, nodes, edges)
    generations = sorted(rows)
    width = max(
        SIDE * 2 + SLOT * len(row) + (GAP if _family_end(row) < len(row) else 0)
        for row in rows.values()
    )
    width = max(width, 640)
    for index, generation in enumerate(generations):
        row = rows[generation]
        end = _family_end(row)
        row_width = SLOT * len(row) + (GAP if end < len(row) else 0)
        start = (width - row_width) / 2 + SLOT / 2
        for position, node in enumerate(row):
            node.x = start + position * SLOT + (GAP if position >= end else 0)
            node.y = TOP + index * ROW
    legend_y = TOP + len(generations) * ROW
    height = legend_y + 70
    title = f"Genogram of {network.child.full_name}"
    body: list[str] = []
    # Couples: partner links, and the child's parents even when no partner link is recorded.
    drawn: set[frozenset[str]] = set()
    for edge in edges:
        if (
            edge.kind not in ("partner", "ex_partner")
            or edge.a_id not in nodes
            or edge.b_id not in nodes
        ):
            continue
        pair = frozenset((edge.a_id, edge.b_id))
        if pair in drawn:
            continue
        drawn.add(pair)
        a, b = nodes[edge.a_id], nodes[edge.b_id]
        separated = edge.kind == "ex_partner" or not edge.current_on(network.day)
        who = f"{a.person.full_name} and {b.person.full_name}"
        title_text = f"{who}: {'separated' if separated else 'partners'}" + (
            "" if edge.by_csc else ", not recorded by children's social care"
        )
        body.append(
            _couple_line(a, b, dashed=not edge.by_csc, separated=separated, title=title_text)
        )
    # Descent: children hang from their parents' line; twins from one point.
    groups: dict[frozenset[str], list[Node]] = defaultdict(list)
    for node in nodes.values():
        if node.parents and all(p in nodes for p in node.parents):
            groups[node.parents].append(node)
    for parent_ids, children in groups.items():
        parents = [nodes[p] for p in parent_ids]
        if len(parents) >= 2:
            left, right = sorted(parents, key=lambda n: n.x)[:2]
            pair = frozenset((left.id, right.id))
            if pair not in drawn:
                drawn.add(pair)
                by_csc = any(e.by_csc for e in edges if e.kind == "parent" and e.a_id in pair)
                body.append(
                    _couple_line(left, right, dashed=not by_csc, separated=False,
                                 title=f"{left.person.full_name} and {right.person.full_name}: parents")
                )  # fmt: skip
            origin_x = (left.x + right.x) / 2
            origin_y = left.y + SIZE / 2
        else:
            origin_x, origin_y = parents[0].x, parents[0].y + SIZE
        top = min(c.y for c in children)
        bar_y = top - 34
        drops: dict[date | None, list[Node]] = defaultdict(list)
        for c in children:
            key = c.person.birth_date if c.person.birth_date else None
            drops[key if key else c.id].append(c)  # type: ignore[index]
        xs = [origin_x]
        paths = [f"M{origin_x:.1f} {origin_y:.1f}V{bar_y:.1f}"]
        for twins in drops.values():
            drop_x = sum(t.x for t in twins) / len(twins)
            xs.append(drop_x)
            for twin in twins:
                child_top = twin.y - (6 if twin.is_child else 0)
                if len(twins) > 1:
                    paths.append(f"M{drop_x:.1f} {bar_y:.1f}L{twin.x:.1f} {child_top:.1f}")
                else:
                    paths.append(f"M{twin.x:.1f} {bar_y:.1f}V{child_top:.1f}")
        paths.append(f"M{min(xs):.1f} {bar_y:.1f}H{max(xs):.1f}")
        names = ", ".join(c.person.full_name for c in children)
        body.append(
            f"<g><title>Children of {escape(' and '.join(p.person.full_name for p in parents))}: "
            f'{escape(names)}</title><path class="g-line" d="{"".join(paths)}"/></g>'
        )
    # A step-parent not drawn as a parent's partner: a dotted line to the child.
    child = nodes[child_id]
    for node in nodes.values():
        if node.role == "step_parent" and not any(
            frozenset((node.id, p)) in drawn for p in child.parents
        ):
            body.append(
                f"<g><title>{escape(node.person.full_name)}: step-parent</title>"
                f'<path class="g-line g-line--step" d="M{node.x:.1f} {node.y + SIZE:.1f}'
                f'L{child.x:.1f} {child.y - 6:.1f}"/></g>'
            )
    household = [n for n in nodes.values() if n.in_household or n.is_child]
    body.insert(0, _hull(household))
    for node in sorted(nodes.values(), key=lambda n: (n.y, n.x)):
        who = f"{node.person.full_name}, {node.label}"
        body.append(
            f'<g class="g-person"><title>{escape(who)}</title>{_symbol(node)}'
            f"{_text(node, network.day, network.looked_after and node.is_child)}</g>"
        )
    body.append(_legend(legend_y))
    attrs = (
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'role="img" aria-labelledby="fp-genogram-title fp-genogram-desc" '
        f'xmlns="http://www.w3.org/2000/svg" class="fp-genogram"'
    )
    svg = (
        f'<svg {attrs}><title id="fp-genogram-title">{escape(title)}</title>'
        f'<desc id="fp-genogram-desc">{escape(_description(network, nodes, edges))}</desc>'
        f"<style>{STYLE}</style>{''.join(body)}</svg>"
    )
    if standalone:
        svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"
    return mark_safe(svg)  # noqa: S308 - every text above is escaped


def _legend(y: float) -> str:
    x = SIDE
    items = [
        f'<rect class="g-sym" x="{x}" y="{y}" width="16" height="16"/>'
        f'<text class="g-legend" x="{x + 22}" y="{y + 13}">Male</text>',
        f'<circle class="g-sym" cx="{x + 88}" cy="{y + 8}" r="8"/>'
        f'<text class="g-legend" x="{x + 102}" y="{y + 13}">Female</text>',
        f'<path class="g-line" d="M{x + 170} {y + 8}H{x + 210}"/>'
        f'<text class="g-legend" x="{x + 216}" y="{y + 13}">Partners</text>',
        f'<path class="g-line g-line--dashed" d="M{x + 290} {y + 8}H{x + 330}"/>'
        f'<text class="g-legend" x="{x + 336}" y="{y + 13}">Not recorded by children\'s social care</text>',
        f'<path class="g-line" d="M{x} {y + 38}H{x + 40}M{x + 15} {y + 46}L{x + 25} {y + 30}"/>'
        f'<text class="g-legend" x="{x + 46}" y="{y + 43}">Separated</text>',
        f'<path class="g-cross" d="M{x + 130} {y + 30}L{x + 146} {y + 46}M{x + 146} {y + 30}L{x + 130} {y + 46}"/>'
        f'<text class="g-legend" x="{x + 152}" y="{y + 43}">Died</text>',
        f'<rect class="g-household" x="{x + 200}" y="{y + 30}" width="30" height="16" rx="4"/>'
        f'<text class="g-legend" x="{x + 236}" y="{y + 43}">Current household</text>',
    ]
    return f'<g class="g-legend-group">{"".join(items)}</g>'


# --- household membership over time: one bar per person, time running left to right

TL_WIDTH = 960
TL_LABEL = 200
TL_ROW = 26
TL_AXIS = 28


def household_timeline_svg(network: Network) -> SafeString:
    """Bars of household membership (from `network.household_spells`); the table after it
    lists the same spells and is the accessible alternative."""
    spells = network.household_spells
    if not spells:
        return SafeString("")
    day = network.day
    starts = [s.from_day for s in spells if s.from_day]
    first = min(starts) if starts else day.replace(year=day.year - 1)
    first = min(first, day).replace(month=1, day=1)
    span = max((day - first).days, 1)
    plot = TL_WIDTH - TL_LABEL - 20
    names = list(dict.fromkeys(s.person.full_name for s in spells))
    height = TL_AXIS + TL_ROW * len(names) + 10

    def x_of(when: date) -> float:
        return TL_LABEL + (min(max(when, first), day) - first).days / span * plot

    out = [
        f'<svg class="fp-household-timeline" viewBox="0 0 {TL_WIDTH} {height}" role="img" '
        f'aria-labelledby="fp-household-title" xmlns="http://www.w3.org/2000/svg" '
        f'preserveAspectRatio="xMinYMin meet">',
        f'<title id="fp-household-title">Household membership of {escape(network.child.full_name)} '
        f"from {first.year} to {date_text(day)}, {len(names)} people</title>",
        "<style>.h-bar{fill:#1d70b8}.h-bar--open{fill:#1d70b8;opacity:.75}"
        ".h-label,.h-year{font:12px Arial,sans-serif;fill:#0b0c0c}.h-tick{stroke:#b1b4b6}</style>",
    ]
    for year in range(first.year, day.year + 1):
        x = x_of(date(year, 1, 1))
        out.append(
            f'<line class="h-tick" x1="{x:.1f}" y1="{TL_AXIS - 8}" x2="{x:.1f}" y2="{height}"/>'
            f'<text class="h-year" x="{x + 2:.1f}" y="16">{year}</text>'
        )
    for index, name in enumerate(names):
        y = TL_AXIS + index * TL_ROW
        out.append(f'<text class="h-label" x="4" y="{y + 16}">{escape(_short(name, 28))}</text>')
        for spell in (s for s in spells if s.person.full_name == name):
            start = x_of(spell.from_day or first)
            end = x_of(spell.to_day or day)
            until = date_text(spell.to_day) if spell.to_day else "now"
            tip = (
                f"{name}: {date_text(spell.from_day) or 'date not known'} to {until} "
                f"({spell.agencies})"
            )
            out.append(
                f'<rect class="h-bar{"" if spell.to_day else " h-bar--open"}" x="{start:.1f}" '
                f'y="{y + 4}" width="{max(end - start, 3):.1f}" height="{TL_ROW - 10}">'
                f"<title>{escape(tip)}</title></rect>"
            )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
