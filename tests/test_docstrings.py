"""The runnable examples in the public modules' docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["simcompare.index", "simcompare.signature", "simcompare.pipeline", "simcompare.align",
           "simcompare.compare", "simcompare.normalize", "simcompare.tokenize", "simcompare.lsh"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
