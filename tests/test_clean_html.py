"""newsdossier.clean.html: visible text + article body spans."""
from __future__ import annotations

import pytest

from newsdossier.clean.html import extract, visible_text

PARA = (
    "The city council voted on Tuesday to approve the new budget for the coming year, "
    "after a long debate about spending on schools, roads and public transport. "
)

ARTICLE = f"""<!doctype html>
<html><head><title>Council approves budget</title>
<style>body {{ color: red }}</style><script>var x = "script text";</script></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<main><article>
<h1>Council approves budget after long debate</h1>
<p>{PARA}Members said the plan was <b>balanced</b> and <i>fair</i>.</p>
<p>{PARA}The mayor welcomed the vote and thanked the council staff.</p>
<p>{PARA}Opposition members said taxes would rise for most households.</p>
<p>{PARA}A final reading is planned for next month, officials said.</p>
<div style="display:none">Hidden promo text</div>
<template><p>template text</p></template>
<noscript>Please enable JavaScript</noscript>
</article>
<section class="comments"><h3>Comments</h3>
<div class="comment"><p>Great article, I totally agree with the council on this one!</p></div>
<div class="comment"><p>Nonsense, this budget is a waste of money and everyone knows it.</p></div>
</section></main>
<footer><p>Copyright 2024 Example News. All rights reserved.</p></footer>
</body></html>"""


def _body_text(text, body):
    return "\n".join(text[s:e] for s, e in body)


def _check_spans(text, body):
    assert all(0 <= s < e <= len(text) for s, e in body)
    assert body == sorted(body)
    assert all(body[k][1] < body[k + 1][0] for k in range(len(body) - 1))  # disjoint, not touching


def test_visible_text_drops_invisible_and_keeps_junk():
    text = visible_text(ARTICLE)
    for gone in ("script text", "color: red", "Hidden promo", "template text", "enable JavaScript",
                 "Council approves budget\n"):  # <title> is not visible text
        assert gone not in text
    for kept in ("Home", "News", "Great article", "Copyright 2024"):
        assert kept in text


def test_one_block_per_line_whitespace_collapsed():
    text = visible_text("<body><div>a  <b>b</b>\n c<p>para\tone</p>tail<br>after br</div></body>")
    assert text.split("\n") == ["a b c", "para one", "tail", "after br"]


def test_text_is_deterministic_function_of_html():
    assert extract(ARTICLE)[0] == visible_text(ARTICLE) == extract(ARTICLE, "https://example.org/x")[0]


def test_body_is_article_not_nav_comments_footer():
    text, body = extract(ARTICLE, "https://example.org/news/budget")
    _check_spans(text, body)
    got = _body_text(text, body)
    assert "The mayor welcomed the vote" in got
    assert "A final reading is planned" in got
    for junk in ("Home", "Sport", "Great article", "Nonsense", "Copyright"):
        assert junk not in got
    # spans cover whole lines
    for s, e in body:
        assert s == 0 or text[s - 1] == "\n"
        assert e == len(text) or text[e] == "\n"


def test_title_is_metadata_unless_asked_for():
    title = "Council approves budget after long debate"
    text, body = extract(ARTICLE)
    assert title in text and title not in _body_text(text, body)
    text2, body2 = extract(ARTICLE, include_title=True)
    assert text2 == text
    _check_spans(text2, body2)
    assert _body_text(text2, body2).startswith(title)


def test_hidden_prose_paragraphs_are_kept():
    # a paywall hides the rest of the body one paragraph at a time until a script reveals it
    hidden = "".join(f'<div style="display:none"><p>{PARA}{k}</p></div>' for k in range(3))
    text = visible_text(f"<body><article><p>{PARA}</p>{hidden}</article></body>")
    assert text.count("The city council voted") == 4


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "plain text, no tags at all",
        "<html></html>",
        "<html><head><title>t</title></head></html>",
        "<p>unclosed <b>tags <i>everywhere <div>and <table><tr><td>cells",
        "<div>" * 5000 + "deep" + "</div>" * 5000,
        "\x00\x01\x02 binary \xff\xfe junk \ud800 <p>x</p>",
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>xml declaration</p></body></html>',
        "<body>" + "<p>" + "word " * 200000 + "</p></body>",
        "<script>only a script</script>",
        "<svg><text>vector</text></svg>",
    ],
)
def test_hostile_html_does_not_crash(html):
    text, body = extract(html)
    assert isinstance(text, str)
    _check_spans(text, body)


def test_no_article_gives_empty_body():
    text, body = extract("<body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body>")
    assert body == []
