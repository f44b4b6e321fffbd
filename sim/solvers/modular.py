"""Exact pivoting in multi-modular arithmetic, for :mod:`sim.solvers.polytope`.

Every entry of an integer-pivoted tableau is a minor of the initial integer tableau, so its
absolute value is below the Hadamard bound H (product of the largest column norms).  Keeping
each entry modulo k primes p_i < 2^31 with prod(p_i) > 2H + 1 determines it exactly; all
arithmetic is then vectorised int64 (products < 2^62).  Mixed-radix (Garner) digits give each
entry's exact sign and zero test and a float value with relative error below k * 2^-52, which
is all the ratio test needs; near-ties are settled on exactly reconstructed integers.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["PRIMES", "Modular", "ModularFailure", "ModularRhs"]

PRIMES = (
    2147483647,
    2147483629,
    2147483587,
    2147483579,
    2147483563,
    2147483549,
    2147483543,
    2147483497,
    2147483489,
    2147483477,
    2147483423,
    2147483399,
    2147483353,
    2147483323,
    2147483269,
    2147483249,
    2147483237,
    2147483179,
    2147483171,
    2147483137,
    2147483123,
    2147483077,
    2147483069,
    2147483059,
)


class ModularFailure(Exception):
    """A basis determinant is divisible by one of the primes (vanishingly rare)."""


class Modular:
    """Residue arithmetic modulo ``k`` fixed primes with Garner reconstruction."""

    def __init__(self, k: int):
        self.p = PRIMES[:k]
        self.k = k
        self.M = math.prod(self.p)
        self.half = (self.M - 1) // 2
        self.half_f = float(self.half)
        self.W = [math.prod(self.p[:j]) for j in range(k)]  # mixed-radix weights
        self.Wf = [float(w) for w in self.W]
        self.inv = [
            [pow(self.p[i], -1, self.p[j]) if i < j else 0 for j in range(k)] for i in range(k)
        ]
        self.half_digits = self._digits_int(self.half)
        #: every value decoded is known to satisfy |v| < M / 8 (set by :meth:`for_tableau`)
        self.bounded = False

    @classmethod
    def for_tableau(cls, T0) -> Modular | None:
        cols = np.asarray([[float(abs(int(v))) for v in row] for row in T0])
        R = cols.shape[0]
        norms = np.sort(np.sqrt((cols**2).sum(axis=0)))[::-1][:R]
        bits = float(np.sum(np.log2(np.maximum(norms, 1.0)))) + 3.0
        total = 0.0
        for k, p in enumerate(PRIMES, 1):
            total += math.log2(p)
            if total > bits:
                mod = cls(k)
                mod.bounded = True  # M > 2^bits = 8 H
                return mod
        return None

    def _digits_int(self, v: int) -> list[int]:
        out = []
        for p in self.p:
            out.append(v % p)
            v //= p
        return out

    def residues(self, T0) -> list[np.ndarray]:
        return [
            np.asarray([[int(v) % p for v in row] for row in T0], dtype=np.int64) for p in self.p
        ]

    def digits(self, res: list[np.ndarray]) -> list[np.ndarray]:
        a = [res[0]]
        q = np.empty_like(res[0]) if self.k > 1 else None
        for j in range(1, self.k):
            p = self.p[j]
            t = res[j].copy()
            for i in range(j):
                # (t - a_i) * p_i^-1 mod p_j: |t - a_i| < 2^31, so the product stays < 2^62;
                # the floored remainder as t - (t // p) p (division by a scalar is cheap)
                np.subtract(t, a[i], out=t)
                np.multiply(t, self.inv[i][j], out=t)
                np.floor_divide(t, p, out=q)
                q *= p
                t -= q
            a.append(t)
        return a

    def decode(self, res: list[np.ndarray]):
        """``(is_zero, is_negative, float value)`` of every entry, exactly decided.

        Works through the states in chunks that stay in cache.
        """
        K = res[0].shape[0]
        step = max(1, 32768 // max(1, res[0][0].size))
        if K <= step:
            return self._decode(res)
        parts = [self._decode([r[s : s + step] for r in res]) for s in range(0, K, step)]
        return tuple(np.concatenate([part[i] for part in parts]) for i in range(3))

    def _decode(self, res: list[np.ndarray]):
        a = self.digits(res)
        zero = a[0] == 0
        for d in a[1:]:
            zero &= d == 0
        val = a[0].astype(float)
        for j in range(1, self.k):
            val += a[j] * self.Wf[j]
        if self.bounded:
            # v >= 0 has residue v < M/8, v < 0 has M + v > 7M/8: the float of the residue
            # (relative error below k 2^-52) is far from M/2 either way
            gt = val > self.half_f
        else:
            gt = np.zeros(a[0].shape, dtype=bool)
            eq = np.ones(a[0].shape, dtype=bool)
            for j in reversed(range(self.k)):
                h = self.half_digits[j]
                gt |= eq & (a[j] > h)
                eq &= a[j] == h
        if gt.any():
            # M - v has mixed-radix digits (p_j - 1 - a_j) plus one: all terms >= 0, so the
            # float sum stays accurate for small negative values
            nval = (self.p[0] - a[0]).astype(float)
            for j in range(1, self.k):
                nval += (self.p[j] - 1 - a[j]) * self.Wf[j]
            val = np.where(gt, -nval, val)
        return zero, gt, val

    def to_int(self, residues) -> int:
        """The integer with these residues (one per prime), in ``(-M/2, M/2]``."""
        a = []
        for j, p in enumerate(self.p):
            t = int(residues[j]) % p
            for i in range(j):
                t = (t - a[i]) * self.inv[i][j] % p
            a.append(t)
        v = sum(d * w for d, w in zip(a, self.W))
        return v - self.M if v > self.half else v

    def inverse(self, d: np.ndarray, j: int) -> np.ndarray:
        p = self.p[j]
        if np.any(d % p == 0):
            raise ModularFailure
        if d.size < 512:  # a Python loop beats 62 vectorised passes on short arrays
            # Montgomery's batch inversion: prefix products, one modular inverse, products back
            vals = (d % p).tolist()
            prefix = []
            acc = 1
            for v in vals:
                acc = acc * v % p
                prefix.append(acc)
            inv = pow(acc, -1, p)
            out = [0] * len(vals)
            for i in range(len(vals) - 1, 0, -1):
                out[i] = inv * prefix[i - 1] % p
                inv = inv * vals[i] % p
            if vals:
                out[0] = inv
            return np.array(out, dtype=np.int64)
        result = np.ones_like(d)
        base = d % p
        e = p - 2
        while e:
            if e & 1:
                result = result * base % p
            base = base * base % p
            e >>= 1
        return result


class ModularRhs:
    """Right-hand sides of the vertices, reconstructed to Python integers on demand."""

    def __init__(self, res: np.ndarray, mod: Modular):
        self.res = res  # (k, vertices, rows)
        self.mod = mod

    def __getitem__(self, v):
        return [self.mod.to_int(self.res[:, v, r]) for r in range(self.res.shape[2])]
