"""Sets, signatures, candidates, components: shingles, MinHash, LSH banding and union-find."""

from .cluster import clusters, connected_components
from .lsh import CandidatePairs, band_keys, candidate_pairs, lsh_params
from .shingles import shingle, window_hashes
from .signature import Signature, Signatures, sign

__all__ = ["shingle", "window_hashes", "sign", "Signature", "Signatures", "lsh_params", "band_keys",
           "candidate_pairs", "CandidatePairs", "connected_components", "clusters"]
