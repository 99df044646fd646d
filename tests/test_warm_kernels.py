"""The kernel warm-up that a parallel run (``pytest -n 2``) does first covers every kernel, in two parts."""

from support.warm_kernels import PARTS, calls, width
from test_core_harness import CASES


def test_every_kernel_is_warmed_and_both_parts_have_work():
    found = calls(CASES)
    assert {kernel for _, kernel, _, _ in found} == set(CASES)
    assert {part for part, _, _, _ in found} == set(range(PARTS))


def test_a_narrowed_batch_has_one_width_and_goes_to_its_part():
    batches = [(part, args[0]) for part, kernel, args, _ in calls(CASES) if kernel == "sign_texts" and args[0]]
    assert {width(texts) for _, texts in batches} == {1, 2, 4}
    for part, texts in batches:
        assert part == (0 if width(texts) == 1 else 1)
