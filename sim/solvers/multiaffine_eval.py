"""The indifference systems of support enumeration and their exact ranges over boxes.

:class:`SupportSystems` holds the systems of a batch of support profiles; :class:`Evaluator`
evaluates them, their Jacobians and their exact ranges over boxes (a function affine in each
player's block attains its extremes at the box's vertices), vectorised over boxes.  The
subdivision that uses them is :func:`sim.solvers.multiaffine.solve_support_systems`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Evaluator", "SupportSystems", "corner_bits", "last_axis_extremes"]


def last_axis_extremes(vals: np.ndarray, mean: bool = False):
    """Minimum and maximum (and, with ``mean``, the mean) over the last axis.

    The last axis (a box's vertices) is short; numpy reduces a short last axis row by row, many
    times slower than elementwise minima over contiguous rows, so the axis is moved first.
    """
    lead = vals.shape[:-1]
    t = np.ascontiguousarray(vals.reshape(-1, vals.shape[-1]).T)
    if mean:
        return t.min(0).reshape(lead), t.max(0).reshape(lead), t.mean(0).reshape(lead)
    return t.min(0).reshape(lead), t.max(0).reshape(lead)


@dataclass
class SupportSystems:
    """The indifference systems of ``m`` support profiles, all written in the game's full shape.

    For support profile ``t``, each player's strategies are reordered so that the support's first
    strategy comes first (coordinate 0, the reference); ``E[i][t]`` (shape
    ``(n_i - 1, *[n_j for j != i])``) holds player ``i``'s payoff differences to the reference in
    that order.  ``fixed[t]`` (shape ``(d,)``) marks the coordinates of strategies outside the
    support: they are held at 0 by the equation ``x = 0`` in place of an indifference condition,
    so every support shares one square system of size ``d = sum(n_j - 1)`` and one batch.
    """

    shape: tuple[int, ...]
    E: list[np.ndarray]
    fixed: np.ndarray
    perms: list[np.ndarray] = field(default_factory=list)  # (m, n_j) strategy order per support

    @property
    def dims(self) -> list[int]:
        return [k - 1 for k in self.shape]

    @property
    def m(self) -> int:
        return self.fixed.shape[0]


def corner_bits(dj: int) -> np.ndarray:
    if dj == 0:
        return np.zeros((1, 0))
    grid = np.array(np.meshgrid(*[[0.0, 1.0]] * dj, indexing="ij"))
    return grid.reshape(dj, -1).T


class Evaluator:
    """Vectorised evaluation of the systems and of their Jacobian ranges over boxes."""

    def __init__(self, sys: SupportSystems):
        self.sys = sys
        self.N = len(sys.shape)
        self.d = sys.dims
        self.off = np.concatenate([[0], np.cumsum(self.d)]).astype(int)
        self.D = int(self.off[-1])
        self.bits = [corner_bits(dj) for dj in self.d]
        self.others = [[j for j in range(self.N) if j != i] for i in range(self.N)]
        # derivative tensors: dE[i][j] (m, d_i, d_j, k_l for l not in {i, j})
        self.dE: dict[tuple[int, int], np.ndarray] = {}
        for i in range(self.N):
            if self.d[i] == 0:
                continue
            for pos, j in enumerate(self.others[i]):
                if self.d[j] == 0:
                    continue
                ax = 2 + pos
                Ei = sys.E[i]
                base = np.take(Ei, [0], axis=ax)
                rest = np.take(Ei, range(1, sys.shape[j]), axis=ax)
                diff = rest - base  # (m, d_i, ..., d_j at ax, ...)
                self.dE[(i, j)] = np.moveaxis(diff, ax, 2)
        self._spec_cache: dict = {}
        self._fullbits: np.ndarray | None = None
        # Games in which every player has the same number of strategies (3x3x3, 2x2x2x2, ...)
        # let one batched computation serve all players at once (see ranges_equal_shapes).
        n0 = sys.shape[0]
        self.equal = sys.m > 0 and self.N >= 2 and n0 >= 2 and all(n == n0 for n in sys.shape)
        if self.equal:
            N, d, m = self.N, n0 - 1, sys.m
            self.E_all = np.stack([sys.E[i].reshape(m, d, -1) for i in range(N)], axis=1)
            self.idxF = [np.array([self.others[i][t] for i in range(N)]) for t in range(N - 1)]
            pairs = [(i, j) for i in range(N) for j in self.others[i]]
            self.dE_all = np.stack([self.dE[p].reshape(m, d * d, -1) for p in pairs], axis=1)
            rests = [[lp for lp in self.others[i] if lp != j] for i, j in pairs]
            self.idxJ = [np.array([r[t] for r in rests]) for t in range(N - 2)]
            a = np.arange(d)
            self.rowJ = np.array([[self.off[i] + a[:, None] + 0 * a[None, :] for (i, j) in pairs]])[
                0
            ]
            self.colJ = np.array([[self.off[j] + 0 * a[:, None] + a[None, :] for (i, j) in pairs]])[
                0
            ]
            self.flatJ = (self.rowJ * self.D + self.colJ).reshape(-1)

    def sigma_vertices(self, lo: np.ndarray, hi: np.ndarray, j: int) -> np.ndarray:
        """(B, 2^d_j, k_j): player j's mixture at every vertex of its box."""
        dj = self.d[j]
        if dj == 0:
            return np.ones((lo.shape[0], 1, 1))
        a, b = self.off[j], self.off[j + 1]
        X = lo[:, None, a:b] + self.bits[j][None] * (hi[:, a:b] - lo[:, a:b])[:, None, :]
        return np.concatenate([1.0 - X.sum(-1, keepdims=True), X], axis=-1)

    def sigma_point(self, x: np.ndarray, j: int) -> np.ndarray:
        dj = self.d[j]
        if dj == 0:
            return np.ones((x.shape[0], 1, 1))
        a, b = self.off[j], self.off[j + 1]
        X = x[:, None, a:b]
        return np.concatenate([1.0 - X.sum(-1, keepdims=True), X], axis=-1)

    def _contract(self, T: np.ndarray, lead: int, sigmas: list[np.ndarray]) -> np.ndarray:
        """T: (B, <lead axes>, k_o1, ..., k_on); sigmas[t]: (B, V_t, k_ot).

        Returns (B, <lead axes>, V_1 * ... * V_n): the vertex axes flattened together (last
        player slowest; callers only take minima, maxima and means over them), by contracting
        the last strategy axis first with batched matrix products.
        """
        B = T.shape[0]
        lead_shape = T.shape[1 : 1 + lead]
        ks = [s.shape[2] for s in sigmas]
        P = math.prod(lead_shape) * math.prod(ks)
        out = T.reshape(B, P, 1)
        vacc = 1
        for t in range(len(sigmas) - 1, -1, -1):
            k = ks[t]
            P //= k
            sig_t = sigmas[t].transpose(0, 2, 1)  # (B, k, w)
            # one matrix product per box (not one per row): numpy's stacked matmul pays per item
            if vacc == 1:
                out = np.matmul(out.reshape(B, P, k), sig_t)  # (B, P, w)
            else:
                lhs = out.reshape(B, P, k, vacc).transpose(0, 1, 3, 2).reshape(B, P * vacc, k)
                out = np.matmul(lhs, sig_t)  # (B, P * vacc, w)
            vacc *= sigmas[t].shape[1]
            out = out.reshape(B, P, vacc)
        return out.reshape((B,) + lead_shape + (vacc,))

    def _mixtures_equal_shapes(self, lo, hi=None):
        """(B, N, V, n): every player's mixture at every vertex of its box (at the point ``lo``
        when ``hi`` is None: V = 1), all players at once."""
        B, N, d = lo.shape[0], self.N, self.d[0]
        X = lo.reshape(B, N, 1, d)
        if hi is not None:
            X = X + self.bits[0] * (hi - lo).reshape(B, N, 1, d)
        VS = np.empty(X.shape[:3] + (d + 1,))
        VS[..., 1:] = X
        total = X[..., 0].copy()
        for a in range(1, d):
            total += X[..., a]
        VS[..., 0] = 1.0 - total
        return VS

    def _stacked_values(self, sid, VS):
        """(B, D, V^(N-1)): every player's equations at every vertex of the others' boxes, the
        players' contractions stacked into one batch (same results, a third of the calls)."""
        B, N, V, n = VS.shape
        d = n - 1
        sig = [VS[:, ix].reshape(B * N, V, n) for ix in self.idxF]
        vals = self._contract(self.E_all[sid].reshape((B * N, d) + (n,) * (N - 1)), 1, sig)
        return vals.reshape(B, N * d, -1)

    def _values_equal_shapes(self, sid, lo, hi):
        """The equations' values at every box vertex, for games whose players all have the
        same number of strategies.  Returns ``(Flo, Fhi, Fmid, VS)``."""
        d = self.d[0]
        VS = self._mixtures_equal_shapes(lo, hi)
        vals = self._stacked_values(sid, VS)
        self.last_vals = [vals[:, i * d : (i + 1) * d] for i in range(self.N)]
        return (*last_axis_extremes(vals, mean=True), VS)

    def _jacobian_equal_shapes(self, sid, VS):
        B = VS.shape[0]
        N, D = self.N, self.D
        d = self.d[0]
        V, n = VS.shape[2], VS.shape[3]
        P = N * (N - 1)
        sigJ = [VS[:, ix].reshape(B * P, V, n) for ix in self.idxJ]
        jv = self._contract(self.dE_all[sid].reshape((B * P, d * d) + (n,) * (N - 2)), 1, sigJ)
        jv = jv.reshape(B, P, d, d, -1)
        Jlo = np.zeros((B, D, D))
        Jhi = np.zeros((B, D, D))
        jlo, jhi = last_axis_extremes(jv)
        Jlo.reshape(B, D * D)[:, self.flatJ] = jlo.reshape(B, -1)
        Jhi.reshape(B, D * D)[:, self.flatJ] = jhi.reshape(B, -1)
        return Jlo, Jhi

    def _values_general(self, sid, lo, hi):
        B = lo.shape[0]
        verts = [self.sigma_vertices(lo, hi, j) for j in range(self.N)]
        Flo = np.empty((B, self.D))
        Fhi = np.empty((B, self.D))
        Fmid = np.empty((B, self.D))
        self.last_vals = [None] * self.N
        for i in range(self.N):
            if self.d[i] == 0:
                continue
            r0, r1 = self.off[i], self.off[i + 1]
            vals = self._contract(self.sys.E[i][sid], 1, [verts[j] for j in self.others[i]])
            vals = vals.reshape(B, self.d[i], -1)
            self.last_vals[i] = vals
            # a multiaffine function's value at the box centre is the mean of its vertex values
            Flo[:, r0:r1], Fhi[:, r0:r1], Fmid[:, r0:r1] = last_axis_extremes(vals, mean=True)
        return Flo, Fhi, Fmid, verts

    def _jacobian_general(self, sid, verts):
        B = verts[0].shape[0]
        Jlo = np.zeros((B, self.D, self.D))
        Jhi = np.zeros((B, self.D, self.D))
        for i in range(self.N):
            if self.d[i] == 0:
                continue
            r0, r1 = self.off[i], self.off[i + 1]
            blocks, cols = [], []
            for j in self.others[i]:
                if self.d[j] == 0:
                    continue
                rest = [verts[lp] for lp in self.others[i] if lp != j]
                T = self.dE[(i, j)][sid]
                blocks.append(self._contract(T, 2, rest).reshape(B, self.d[i], self.d[j], -1))
                cols.append(j)
            if blocks and len({bk.shape[-1] for bk in blocks}) == 1:
                # one min and one max for all of player i's Jacobian blocks
                allv = np.concatenate(blocks, axis=2) if len(blocks) > 1 else blocks[0]
                lo_v, hi_v = last_axis_extremes(allv)
                pos = 0
                for j in cols:
                    c0, c1 = self.off[j], self.off[j + 1]
                    Jlo[:, r0:r1, c0:c1] = lo_v[:, :, pos : pos + c1 - c0]
                    Jhi[:, r0:r1, c0:c1] = hi_v[:, :, pos : pos + c1 - c0]
                    pos += c1 - c0
            else:
                for j, vals in zip(cols, blocks):
                    c0, c1 = self.off[j], self.off[j + 1]
                    Jlo[:, r0:r1, c0:c1], Jhi[:, r0:r1, c0:c1] = last_axis_extremes(vals)
        return Jlo, Jhi

    def ranges(self, sid, lo, hi, keep=None):
        """Exact ranges over each box of every equation (Flo, Fhi: (B, D)) and every Jacobian
        entry (Jlo, Jhi: (B, D, D)), and the equations' values at the box centres (B, D).

        ``keep``: a function of ``(Flo, Fhi, gain)`` (``gain``: :attr:`last_gain`) returning
        the boxes to go on with; then the Jacobian ranges are computed for those boxes only,
        and the result is ``(kept, Flo, Fhi, Jlo, Jhi, Fmid)`` restricted to them (``kept``:
        their indices)."""
        if self.equal:
            Flo, Fhi, Fmid, parts = self._values_equal_shapes(sid, lo, hi)
        else:
            Flo, Fhi, Fmid, parts = self._values_general(sid, lo, hi)
        self._held_values(sid, lo, hi, Flo, Fhi, Fmid)
        if keep is None:
            kept = None
        else:
            kept = np.flatnonzero(keep(Flo, Fhi, self.last_gain))
            sid = sid[kept]
            Flo, Fhi, Fmid = Flo[kept], Fhi[kept], Fmid[kept]
            parts = parts[kept] if self.equal else [v[kept] for v in parts]
        if not sid.size:
            Jlo = Jhi = np.zeros((0, self.D, self.D))
        elif self.equal:
            Jlo, Jhi = self._jacobian_equal_shapes(sid, parts)
        else:
            Jlo, Jhi = self._jacobian_general(sid, parts)
        self._held_jacobian(sid, Jlo, Jhi)
        if kept is None:
            return Flo, Fhi, Jlo, Jhi, Fmid
        return kept, Flo, Fhi, Jlo, Jhi, Fmid

    def vertex_table(self, sid, lo, hi, rows):
        """(B, D, 2^D): every equation's value at every vertex of the boxes ``rows`` of the
        last :meth:`ranges` call (boxes ``lo``, ``hi`` of supports ``sid``, already subset)."""
        B, N = lo.shape[0], self.N
        V = [1 << dj for dj in self.d]
        grid = tuple(reversed(V))  # vertex axes, last player first (as _contract flattens)
        out = np.empty((B, self.D) + grid)
        for i in range(N):
            if self.d[i] == 0:
                continue
            r0, r1 = self.off[i], self.off[i + 1]
            vals = self.last_vals[i][rows]
            sh = [B, self.d[i]] + [V[j] for j in reversed(self.others[i])]
            vals = vals.reshape(sh)
            vals = np.expand_dims(vals, 2 + (N - 1 - i))
            out[:, r0:r1] = vals
        out = out.reshape(B, self.D, -1)
        b, r = np.nonzero(self.sys.fixed[sid])  # rows "x = 0": the coordinate's own value
        if b.size:
            if self._fullbits is None:  # (D, 2^D): coordinate r's bit at each vertex
                fb = np.zeros((self.D,) + grid)
                for j in range(N):
                    for a in range(self.d[j]):
                        sh = [1] * N
                        sh[N - 1 - j] = V[j]
                        fb[self.off[j] + a] = self.bits[j][:, a].reshape(sh)
                self._fullbits = fb.reshape(self.D, -1)
            out[b, r] = lo[b, r, None] + self._fullbits[r] * (hi[b, r] - lo[b, r])[:, None]
        return out

    def _held_values(self, sid, lo, hi, Flo, Fhi, Fmid):
        b, r = np.nonzero(self.sys.fixed[sid])  # rows "x = 0" of held coordinates
        # Before those rows are overwritten, ``Flo`` there is the least gain over the box of the
        # strategy outside the support against the support's reference strategy: where it is
        # positive, no profile in the box is an equilibrium on that support.
        self.last_gain = np.full(lo.shape[0], -np.inf)
        if b.size:
            np.maximum.at(self.last_gain, b, Flo[b, r])
            Flo[b, r] = lo[b, r]
            Fhi[b, r] = hi[b, r]
            Fmid[b, r] = 0.5 * (lo[b, r] + hi[b, r])

    def _held_jacobian(self, sid, Jlo, Jhi):
        b, r = np.nonzero(self.sys.fixed[sid])
        if b.size:
            Jlo[b, r] = 0.0
            Jhi[b, r] = 0.0
            Jlo[b, r, r] = 1.0
            Jhi[b, r, r] = 1.0

    def point(self, sid, x):
        """Values F (B, D) and Jacobian J (B, D, D) at points x (B, D)."""
        if self.equal:
            VS = self._mixtures_equal_shapes(x)
            F = self._stacked_values(sid, VS)[:, :, 0]
            J = self._jacobian_equal_shapes(sid, VS)[0]
            b, r = np.nonzero(self.sys.fixed[sid])
            if b.size:
                F[b, r] = x[b, r]
                J[b, r] = 0.0
                J[b, r, r] = 1.0
            return F, J
        B = x.shape[0]
        sig = [self.sigma_point(x, j) for j in range(self.N)]
        F = np.empty((B, self.D))
        J = np.zeros((B, self.D, self.D))
        for i in range(self.N):
            if self.d[i] == 0:
                continue
            r0, r1 = self.off[i], self.off[i + 1]
            F[:, r0:r1] = self._contract(
                self.sys.E[i][sid], 1, [sig[j] for j in self.others[i]]
            ).reshape(B, -1)
            for j in self.others[i]:
                if self.d[j] == 0:
                    continue
                c0, c1 = self.off[j], self.off[j + 1]
                rest = [sig[lp] for lp in self.others[i] if lp != j]
                T = self.dE[(i, j)][sid]
                J[:, r0:r1, c0:c1] = self._contract(T, 2, rest).reshape(B, self.d[i], self.d[j])
        b, r = np.nonzero(self.sys.fixed[sid])
        if b.size:
            F[b, r] = x[b, r]
            J[b, r] = 0.0
            J[b, r, r] = 1.0
        return F, J

    def values(self, sid, x):
        """Values F (B, D) at points x (B, D)."""
        if self.equal:
            F = self._stacked_values(sid, self._mixtures_equal_shapes(x))[:, :, 0]
            return np.where(self.sys.fixed[sid], x, F)
        B = x.shape[0]
        sig = [self.sigma_point(x, j) for j in range(self.N)]
        F = np.empty((B, self.D))
        for i in range(self.N):
            if self.d[i] == 0:
                continue
            r0, r1 = self.off[i], self.off[i + 1]
            F[:, r0:r1] = self._contract(
                self.sys.E[i][sid], 1, [sig[j] for j in self.others[i]]
            ).reshape(B, -1)
        fx = self.sys.fixed[sid]
        return np.where(fx, x, F)
