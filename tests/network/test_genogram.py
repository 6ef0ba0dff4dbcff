"""The genogram on the family shapes practitioners meet, in the standard notation."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from fullpicture.network.presenters import genogram_svg
from fullpicture.network.selectors import person_network
from tests.network.conftest import TODAY

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY)


def _draw(child):
    network = person_network(person=child, user=None, day=TODAY)
    svg = str(genogram_svg(network))
    root = ET.fromstring(svg)  # well-formed
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "fp-genogram-title fp-genogram-desc"
    assert root.find(f"{SVG}title").text == f"Genogram of {child.full_name}"
    return network, svg, root


def _person_group(root, name):
    for group in root.iter(f"{SVG}g"):
        title = group.find(f"{SVG}title")
        if group.get("class") == "g-person" and title is not None and title.text.startswith(name):
            return group
    raise AssertionError(f"{name} not drawn")


def _shape(group):
    return [child.tag.replace(SVG, "") for child in group if child.tag != f"{SVG}title"][0]


def _xy(group):
    shape = list(group)[1]
    if shape.tag == f"{SVG}rect":
        return float(shape.get("x")) + 20, float(shape.get("y"))
    if shape.tag == f"{SVG}circle":
        return float(shape.get("cx")), float(shape.get("cy")) - 20
    raise AssertionError(shape.tag)


def test_the_hidden_partner_is_drawn_dashed_and_the_household_outlined(family):
    network, svg, root = _draw(family.child)
    assert _shape(_person_group(root, "Dean Coyle")) == "rect"
    assert _shape(_person_group(root, "Sarah Hargreaves")) == "circle"
    child = _person_group(root, "Lily Hargreaves")
    assert [c.get("class") for c in child if c.tag == f"{SVG}circle"] == [
        "g-sym",
        "g-child",
    ]  # double
    dashed = [g for g in root.iter(f"{SVG}g") if (g.findtext(f"{SVG}title") or "").startswith(
        "Dean Coyle and Sarah Hargreaves") or (g.findtext(f"{SVG}title") or "").startswith(
        "Sarah Hargreaves and Dean Coyle")]  # fmt: skip
    assert dashed and "g-line--dashed" in dashed[0].find(f"{SVG}path").get("class")
    assert "not recorded by children's social care" in dashed[0].findtext(f"{SVG}title")
    # Mother and father separated: a solid line (recorded by children's social care) with a slash.
    separated = [
        g for g in root.iter(f"{SVG}g") if "separated" in (g.findtext(f"{SVG}title") or "")
    ]
    assert separated and len(separated[0].findall(f"{SVG}path")) == 2
    assert "g-line--dashed" not in separated[0].find(f"{SVG}path").get("class")
    household = root.find(f".//{SVG}g[@class='g-household']")
    assert household is not None and len(household.findall(f"{SVG}rect")) == 2  # two generations
    desc = root.find(f"{SVG}desc").text
    assert "Current household (inside the blue line): " in desc and "Dean Coyle" in desc
    assert "Hidden adult" in svg
    # Parents above the child.
    assert _xy(_person_group(root, "Sarah Hargreaves"))[1] < _xy(child)[1]


def test_step_parent_and_half_sibling(world):
    child = world.person("Amy", born=date(2016, 1, 1), family="Brook")
    mother = world.person("Jane", born=date(1990, 1, 1), family="Brook")
    father = world.person("Paul", born=date(1988, 1, 1), sex="M", family="Brook")
    step = world.person("Rob", born=date(1985, 1, 1), sex="M", family="Kerr")
    half = world.person("Mia", born=date(2022, 1, 1), family="Kerr")
    world.relate(mother, "parent", child)
    world.relate(father, "parent", child)
    world.relate(mother, "ex_partner", father)
    world.relate(step, "step_parent", child)
    world.relate(step, "partner", mother)
    world.relate(mother, "parent", half)
    world.relate(step, "parent", half)
    world.relate(half, "half_sibling", child)
    network, svg, root = _draw(child)
    assert network.row(step.id.hex).label == "Step-father"
    assert network.row(half.id.hex).label == "Half-sister"
    assert _shape(_person_group(root, "Rob Kerr")) == "rect"
    # Mia hangs from Jane and Rob's line; Amy from Jane and Paul's.
    titles = [g.findtext(f"{SVG}title") or "" for g in root.iter(f"{SVG}g")]
    assert any(t.startswith("Children of ") and "Mia Kerr" in t and "Rob Kerr" in t for t in titles)
    assert any(
        t.startswith("Children of ") and "Amy Brook" in t and "Paul Brook" in t for t in titles
    )
    assert any(
        t.startswith("Jane Brook and Rob Kerr: partners")
        or t.startswith("Rob Kerr and Jane Brook: partners")
        for t in titles
    )
    y = {name: _xy(_person_group(root, name))[1] for name in ("Amy Brook", "Mia Kerr", "Rob Kerr")}
    assert y["Amy Brook"] == y["Mia Kerr"] > y["Rob Kerr"]


def test_a_deceased_parent_is_crossed_and_three_generations_drawn(world):
    child = world.person("Sam", born=date(2015, 1, 1), sex="M", family="Hale")
    mother = world.person("Lucy", born=date(1985, 1, 1), family="Hale")
    father = world.person("Tom", born=date(1980, 1, 1), sex="M", family="Hale")
    father.deceased_on = date(2023, 6, 1)
    father.save()
    grandmother = world.person("Edna", born=date(1955, 1, 1), family="Hale")
    world.relate(mother, "parent", child)
    world.relate(father, "parent", child)
    world.relate(grandmother, "parent", mother)
    network, svg, root = _draw(child)
    tom = _person_group(root, "Tom Hale")
    assert tom.find(f"{SVG}path[@class='g-cross']") is not None
    assert "died 2023" in "".join(tom.itertext())
    assert _person_group(root, "Lucy Hale").find(f"{SVG}path[@class='g-cross']") is None
    assert network.row(grandmother.id.hex).generation == -2
    ys = sorted({_xy(_person_group(root, n))[1] for n in ("Edna Hale", "Lucy Hale", "Sam Hale")})
    assert len(ys) == 3  # three generations, one row each
    assert "deceased" in root.find(f"{SVG}desc").text


def test_twins_hang_from_one_point(world):
    mother = world.person("Kate", born=date(1990, 1, 1), family="Moss")
    father = world.person("Ian", born=date(1989, 1, 1), sex="M", family="Moss")
    twin_a = world.person("Ella", born=date(2018, 4, 4), family="Moss")
    twin_b = world.person("Evan", born=date(2018, 4, 4), sex="M", family="Moss")
    for twin in (twin_a, twin_b):
        world.relate(mother, "parent", twin)
        world.relate(father, "parent", twin)
    world.relate(twin_a, "sibling", twin_b)
    network, svg, root = _draw(twin_a)
    descent = next(
        g
        for g in root.iter(f"{SVG}g")
        if (g.findtext(f"{SVG}title") or "").startswith("Children of")
    )
    d = descent.find(f"{SVG}path").get("d")
    diagonals = re.findall(r"M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)", d)
    assert len(diagonals) == 2
    assert diagonals[0][:2] == diagonals[1][:2]  # one drop point
    assert diagonals[0][2] != diagonals[1][2]  # to two children


def test_a_child_in_care_with_foster_carers(world):
    child = world.person("Jay", born=date(2012, 1, 1), sex="M", family="Reed")
    mother = world.person("Dana", born=date(1990, 1, 1), family="Reed")
    carer = world.person("Pat", born=date(1970, 1, 1), family="Foster")
    world.relate(mother, "parent", child)
    world.relate(carer, "carer", child, start=date(2025, 1, 1))
    world.event(child, "csc.looked_after_started", date(2025, 1, 1), agency="CSC")
    world.lives_at(child, "OX2 2BB", agency="CSC", start=date(2025, 1, 1))
    world.lives_at(mother, "OX4 4DD", agency="CSC", start=date(2020, 1, 1))
    network, svg, root = _draw(child)
    assert network.looked_after
    assert "Looked after" in "".join(_person_group(root, "Jay Reed").itertext())
    assert network.row(carer.id.hex).in_household
    assert not network.row(mother.id.hex).in_household
    assert network.row(carer.id.hex).label == "Carer"
    assert "looked after" in root.find(f"{SVG}desc").text


def test_names_are_escaped(world):
    child = world.person("<script>", born=date(2015, 1, 1), family="O'Neil & Co")
    world.event(child, "csc.referral", date(2025, 1, 1), agency="CSC")
    _, svg, _ = _draw(child)
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_a_child_of_both_parents_is_a_sister_of_one_a_half_sister(family):
    w = family.world
    tia = w.person("Tia", born=date(2021, 1, 1), family="Hargreaves")
    w.relate(family.mother, "parent", tia)
    w.relate(family.father, "parent", tia)
    leo = w.person("Leo", born=date(2026, 9, 1), sex="M", family="Coyle")
    w.relate(family.mother, "parent", leo)
    w.relate(family.partner, "parent", leo, agency="TVP")
    network, svg, root = _draw(family.child)
    assert network.row(tia.id.hex).label == "Sister"
    assert network.row(leo.id.hex).label == "Half-brother (mother's child)"
    titles = [g.findtext(f"{SVG}title") or "" for g in root.iter(f"{SVG}g")]
    assert any(
        "Leo Coyle" in t and t.startswith("Children of") and "Dean Coyle" in t for t in titles
    )
