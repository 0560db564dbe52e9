"""Every answer an XML test makes is rendered twice: from the templates (what the mock answers) and by the
particle walk (the reference, ``render.tree_content``); a difference fails the test that caused it."""

from __future__ import annotations

import pytest

from mockserver.xml.render import ResponseModel


@pytest.fixture(autouse=True)
def templates_render_as_the_tree(monkeypatch):
    differences: list[str] = []
    templated = ResponseModel.content

    def both(self: ResponseModel, response_type: str, data: dict) -> str:
        answer = templated(self, response_type, data)
        reference = self.tree_content(response_type, data)
        if answer != reference:  # recorded, not raised: the request path would answer it as an internal error
            differences.append(f"{response_type}:\n  template {answer!r}\n  tree     {reference!r}")
        return answer

    monkeypatch.setattr(ResponseModel, "content", both)
    yield differences
    assert not differences, "template and tree renderings differ:\n" + "\n".join(differences)
