"""Draw the three views of data/head_map.yaml and write the file.

The drawing is built from shared borders: each border between two regions is one curve, used
forwards by one region and backwards by its neighbour, and region edges on the skin's outline are
exact pieces of that outline. So neighbours meet exactly and never overlap, which a hand-edited
path rarely achieves. Edit the shapes here and run

    python tools/draw_head_map.py            # rewrites data/head_map.yaml
    python tools/draw_head_map.py --preview out.svg   # a colour-coded preview with anchors

Coordinates: every view is drawn in the box 0 0 200 240 (x to the right, y down); the side view
shows the right side of the head, facing right.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass
from pathlib import Path

Pt = tuple[float, float]



def lerp(a: Pt, b: Pt, t: float) -> Pt:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


@dataclass(frozen=True)
class Seg:
    p0: Pt
    c1: Pt
    c2: Pt
    p1: Pt

    def at(self, t: float) -> Pt:
        a, b, c = lerp(self.p0, self.c1, t), lerp(self.c1, self.c2, t), lerp(self.c2, self.p1, t)
        d, e = lerp(a, b, t), lerp(b, c, t)
        return lerp(d, e, t)

    def split(self, t: float) -> tuple[Seg, Seg]:
        a, b, c = lerp(self.p0, self.c1, t), lerp(self.c1, self.c2, t), lerp(self.c2, self.p1, t)
        d, e = lerp(a, b, t), lerp(b, c, t)
        m = lerp(d, e, t)
        return Seg(self.p0, a, d, m), Seg(m, e, c, self.p1)

    def sub(self, t0: float, t1: float) -> Seg:
        if t0 > t1:
            return self.sub(t1, t0).rev()
        right = self.split(t0)[1] if t0 > 0 else self
        if t1 >= 1:
            return right
        u = (t1 - t0) / (1 - t0)
        return right.split(u)[0]

    def rev(self) -> Seg:
        return Seg(self.p1, self.c2, self.c1, self.p0)

    def mirror(self, cx: float = 100) -> Seg:
        m = lambda p: (2 * cx - p[0], p[1])  # noqa: E731
        return Seg(m(self.p0), m(self.c1), m(self.c2), m(self.p1))

    def is_line(self) -> bool:
        for c, t in ((self.c1, 1 / 3), (self.c2, 2 / 3)):
            q = lerp(self.p0, self.p1, t)
            if math.dist(c, q) > 0.05:
                return False
        return True


def cub(p0: Pt, c1: Pt, c2: Pt, p1: Pt) -> Seg:
    return Seg(p0, c1, c2, p1)


def line(p0: Pt, p1: Pt) -> Seg:
    return Seg(p0, lerp(p0, p1, 1 / 3), lerp(p0, p1, 2 / 3), p1)


class Curve:
    """A chain of cubic segments; parameter s = segment index + t."""

    def __init__(self, segs: list[Seg], closed: bool = False) -> None:
        self.segs = list(segs)
        self.closed = closed
        for a, b in zip(self.segs, self.segs[1:], strict=False):
            assert math.dist(a.p1, b.p0) < 1e-6, (a, b)

    @staticmethod
    def poly(*pts_and_ctrls: object) -> Curve:
        """Curve.poly(p0, (c1, c2, p1), (c1, c2, p1), p2_line, ...): tuples of 3 points are cubics, points are lines."""
        it = list(pts_and_ctrls)
        cur = it[0]
        segs = []
        for item in it[1:]:
            if isinstance(item[0], tuple):
                c1, c2, p1 = item
                segs.append(Seg(cur, c1, c2, p1))
                cur = p1
            else:
                segs.append(line(cur, item))
                cur = item
        return Curve(segs)

    @property
    def start(self) -> Pt:
        return self.segs[0].p0

    @property
    def end(self) -> Pt:
        return self.segs[-1].p1

    def at(self, s: float) -> Pt:
        i = min(int(s), len(self.segs) - 1)
        return self.segs[i].at(s - i)

    def find(self, seg: int, *, x: float | None = None, y: float | None = None) -> float:
        """The parameter on segment `seg` where x (or y) takes the given value (bisection)."""
        sg = self.segs[seg]
        k, v = (0, x) if x is not None else (1, y)
        lo, hi = 0.0, 1.0
        flo = sg.at(lo)[k] - v
        fhi = sg.at(hi)[k] - v
        assert flo * fhi <= 0, f"value {v} not on segment {seg}: {sg.at(0)} .. {sg.at(1)}"
        for _ in range(60):
            mid = (lo + hi) / 2
            fm = sg.at(mid)[k] - v
            if (fm <= 0) == (flo <= 0):
                lo, flo = mid, fm
            else:
                hi = mid
        return seg + (lo + hi) / 2

    def sub(self, s0: float, s1: float, *, wrap: bool = False) -> Curve:
        """The part from s0 to s1 (backwards if s1 < s0, unless wrap: then forward across the end)."""
        n = len(self.segs)
        if wrap:
            assert self.closed
            if s1 < s0:
                return self.sub(s0, n).join(self.sub(0, s1))
        if s1 < s0:
            return self.sub(s1, s0).rev()
        out = []
        i = int(s0)
        while i < n and i <= s1:
            t0 = max(0.0, s0 - i)
            t1 = min(1.0, s1 - i)
            if t1 - t0 > 1e-9:
                out.append(self.segs[i].sub(t0, t1))
            i += 1
        return Curve(out)

    def rev(self) -> Curve:
        return Curve([s.rev() for s in reversed(self.segs)])

    def mirror(self, cx: float = 100) -> Curve:
        return Curve([s.mirror(cx) for s in self.segs])

    def join(self, *others: Curve | Pt) -> Curve:
        segs = list(self.segs)
        for o in others:
            if isinstance(o, Curve):
                if math.dist(segs[-1].p1, o.start) > 1e-6:
                    assert math.dist(segs[-1].p1, o.start) < 1e-3 or False, (
                        f"gap {segs[-1].p1} -> {o.start}; add a line explicitly")
                segs.extend(o.segs)
            else:
                segs.append(line(segs[-1].p1, o))
        return Curve(segs)

    def d(self, close: bool = True, prec: int = 1) -> str:
        def f(p: Pt) -> str:
            return f"{round(p[0], prec):g},{round(p[1], prec):g}"

        parts = [f"M{f(self.start)}"]
        for sg in self.segs:
            if close and sg is self.segs[-1] and math.dist(sg.p1, self.start) < 1e-6 and sg.is_line():
                break
            if sg.is_line():
                parts.append(f"L{f(sg.p1)}")
            else:
                parts.append(f"C{f(sg.c1)} {f(sg.c2)} {f(sg.p1)}")
        if close:
            parts.append("Z")
        return " ".join(parts)


def closed(*parts: Curve | Pt) -> Curve:
    """Join parts end to end (points become straight lines) and close back to the start."""
    first = parts[0]
    assert isinstance(first, Curve)
    c = first.join(*parts[1:])
    if math.dist(c.end, c.start) > 1e-6:
        c = c.join(c.start)
    return c


def full_sym(right: Curve, cx: float = 100) -> Curve:
    """A closed symmetric outline from its right half (from midline top down to midline bottom)."""
    left = right.mirror(cx).rev()
    c = right
    if math.dist(right.end, left.start) > 1e-6:
        c = c.join(left.start)
    c = c.join(left)
    return c


P = Curve.poly


def front() -> dict:
    sil = Curve([
        cub((100, 18), (126, 18), (144, 38), (146, 64)),  # 0 cranium
        cub((146, 64), (147, 74), (146.5, 80), (145, 86)),  # 1 above the ear
        cub((145, 86), (151, 78), (158, 83), (157.5, 95)),  # 2 ear, upper
        cub((157.5, 95), (157, 105), (152, 114), (144, 115)),  # 3 ear, lobe
        cub((144, 115), (143, 124), (139, 132), (134, 137)),  # 4 lower cheek to the jaw angle
        cub((134, 137), (130, 141), (126, 144), (124.5, 148)),  # 5 jaw angle to the neck
        cub((124.5, 148), (123.5, 158), (124.5, 170), (128, 176)),  # 6 side of the neck
        cub((128, 176), (132.5, 183.8), (152, 186), (164, 194)),  # 7 trapezius
        cub((164, 194), (172, 200), (175, 214), (176, 240)),  # 8 shoulder and arm
    ])
    outline = full_sym(sil)

    ear_attach = P((145, 86), ((146.8, 95), (146.5, 106), (144, 115)))
    oi, oo = (104.5, 85), (133.5, 87)
    brow = P(oi, ((109, 76), (127, 74.5), oo))  # orbit, upper edge
    under_eye = P(oo, ((131.5, 97.5), (112, 100), oi))  # orbit, lower edge
    s_v = sil.find(0, y=31)
    vertex_b = P((100, 34), ((112, 34), (122, 33.5), sil.at(s_v)))
    s_t = sil.find(0, y=47)
    temple_line = P(oo, ((136.5, 74), (140, 58), sil.at(s_t)))  # frontal | temporal
    t_z = ear_attach.find(0, y=93)
    zygoma = P(oo, ((137, 89.5), (141, 92), ear_attach.at(t_z)))  # temporal | face
    s_j0 = sil.find(4, y=123)
    s_j1 = sil.find(5, x=128)
    jaw_patch_b = P(sil.at(s_j1), ((124, 137), (132, 126), sil.at(s_j0)))  # ear (jaw angle) | face, jaw
    t_m = 0.55
    mouth_line = P((100, 125), (110, 125.5), ((117, 125.5), (122, 127), jaw_patch_b.at(t_m)))  # face | jaw
    jaw_line = P(sil.at(s_j1), ((120, 151), (110, 155), (100, 155)))  # jaw | neck, throat
    t_n = jaw_line.find(0, x=116)
    s_n1 = sil.find(7, x=145)
    neck_inner = P(jaw_line.at(t_n), ((113, 163), (112, 175), (113, 185)))  # neck | throat
    neck_base = P((113, 185), ((124, 186), (136, 187), sil.at(s_n1)))  # neck | chest
    shoulder_b = P(sil.at(s_n1), ((146, 204), (149, 222), (150, 240)))  # shoulder | chest

    regions: dict[str, list[Curve]] = {"vertex_region": [full_sym(vertex_b.join(sil.sub(s_v, 0)))]}
    frontal_r = vertex_b.join(sil.sub(s_v, s_t), temple_line.rev(), brow.rev(), (100, 85))
    regions["frontal_region"] = [full_sym(frontal_r)]
    temporal = closed(temple_line, sil.sub(s_t, 2), ear_attach.sub(0, t_z), zygoma.rev())
    regions["temporal_region"] = sym_pair(temporal)
    orbital = closed(brow, under_eye)
    regions["orbital_region"] = sym_pair(orbital)
    face_r = P((100, 85), oi).join(under_eye.rev(), zygoma, ear_attach.sub(t_z, 1), sil.sub(4, s_j0),
                                   jaw_patch_b.sub(1, t_m), mouth_line.rev())
    regions["face_region"] = [full_sym(face_r)]
    jaw_r = mouth_line.join(jaw_patch_b.sub(t_m, 0), jaw_line)
    regions["jaw_region"] = [full_sym(jaw_r)]
    ear = closed(sil.sub(2, 4), ear_attach.rev())
    angle = closed(sil.sub(s_j0, s_j1), jaw_patch_b)
    regions["ear_region"] = [*sym_pair(ear), *sym_pair(angle)]
    neck = closed(jaw_line.sub(0, t_n), neck_inner, neck_base, sil.sub(s_n1, s_j1))
    regions["neck_region"] = sym_pair(neck)
    shoulder = closed(shoulder_b, P((150, 240), (176, 240)), sil.sub(9, s_n1))
    regions["shoulder_arm_region"] = sym_pair(shoulder)

    anchors = {
        "vertex_region": (100, 25), "frontal_region": (100, 56), "temporal_region": (58, 70),
        "orbital_region": (126, 91), "face_region": (72, 108), "jaw_region": (100, 142),
        "ear_region": (151, 98), "neck_region": (81, 158), "shoulder_arm_region": (163, 215),
    }
    features = [
        # eyes, irises, brows
        "M110,88.5 C113,84 125,84 128.5,88.5 C125,92 113,92 110,88.5 Z",
        "M90,88.5 C87,84 75,84 71.5,88.5 C75,92 87,92 90,88.5 Z",
        "M116.3,88.3 a3,3 0 1,0 6,0 a3,3 0 1,0 -6,0 Z",
        "M77.7,88.3 a3,3 0 1,0 6,0 a3,3 0 1,0 -6,0 Z",
        "M108,79 C114,76 124,75.5 131,78.5",
        "M92,79 C86,76 76,75.5 69,78.5",
        # nose
        "M103.5,90 C104.5,96 105.5,100 106.5,104",
        "M93,104.5 C91,108.5 94,110.5 97,109.5 C99,110.5 101,110.5 103,109.5 C106,110.5 109,108.5 107,104.5",
        # mouth
        "M88.5,125 C94,127.5 106,127.5 111.5,125",
        "M91,125 C95,123 98,122.5 100,123.3 C102,122.5 105,123 109,125",
        # jaw line and chin (the outline runs behind them to the neck)
        "M134,137 C126,148 113,155 100,155 C87,155 74,148 66,137",
        # inner ears
        "M150.5,90 C154,89 155,96 153,102 C151.5,106 149.5,108 148,110",
        "M49.5,90 C46,89 45,96 47,102 C48.5,106 50.5,108 52,110",
        # collarbones
        "M108,190 C120,188 134,189 150,194", "M92,190 C80,188 66,189 50,194",
    ]
    return {"outline": outline, "regions": regions, "anchors": anchors, "features": features}


def side() -> dict:
    sil = Curve([
        cub((96, 17), (122, 16), (141, 30), (146, 50)),  # 0 crown to forehead
        cub((146, 50), (149, 62), (151, 72), (151, 80)),  # 1 forehead to brow ridge
        cub((151, 80), (151, 84), (148.5, 86), (148.5, 89)),  # 2 root of the nose
        cub((148.5, 89), (152, 96), (158, 101), (160.5, 106)),  # 3 bridge to tip
        cub((160.5, 106), (161, 109), (156, 111.5), (151, 111)),  # 4 tip to lip
        cub((151, 111), (153, 114), (154.5, 117.5), (153, 120.5)),  # 5 upper lip
        cub((153, 120.5), (151.5, 121.5), (151.5, 122.5), (152.5, 124)),  # 6 mouth
        cub((152.5, 124), (153.5, 127), (150, 130), (147.5, 132)),  # 7 lower lip
        cub((147.5, 132), (150.5, 137), (151.5, 146), (146, 152)),  # 8 chin
        cub((146, 152), (140, 157), (128, 158), (120, 159)),  # 9 under the chin
        cub((120, 159), (117, 170), (118, 185), (122, 196)),  # 10 throat
        cub((122, 196), (128, 206), (134, 222), (136, 240)),  # 11 chest
        line((136, 240), (44, 240)),  # 12
        cub((44, 240), (44, 222), (48, 206), (55, 195)),  # 13 upper back
        cub((55, 195), (58, 180), (58, 160), (59, 140)),  # 14 back of the neck
        cub((59, 140), (59, 132), (57, 126), (54, 120)),  # 15 nape to skull base
        cub((54, 120), (44, 108), (40, 90), (42, 70)),  # 16 back of the head
        cub((42, 70), (44, 40), (68, 18), (96, 17)),  # 17 back of the crown
    ], closed=True)
    outline = sil
    ear = Curve.poly((97, 88), ((92, 81), (80, 83), (79, 96)), ((78, 106), (83, 117), (90, 118.5)),
                     ((95, 119), (97.5, 114), (97, 110)), ((98.8, 103), (98.8, 94), (97, 88)))
    s_z = ear.find(3, y=100)
    s_tb = ear.find(0, x=84)
    patch = Curve.poly((94, 129), ((97, 125.5), (104, 126), (107.5, 131)), ((110, 135), (110, 143), (107, 147.5)),
                       ((103, 150.5), (96, 150), (93, 146)), ((90, 141), (91, 133), (94, 129)))
    s_a, s_b = sil.find(17, x=66), sil.find(0, x=124)
    vs = P(sil.at(s_a), ((78, 31), (110, 31), sil.at(s_b)))  # vertex | the rest
    t_p, t_f = vs.find(0, x=80), vs.find(0, x=114)
    j1 = (118, 62)
    coronal = P(vs.at(t_f), ((116, 42), (118, 52), j1))  # frontal | parietal
    s_brow, s_n92 = sil.find(1, y=76), sil.find(3, y=92)
    o_top = P((136, 75), ((141, 73), (146, 74), sil.at(s_brow)))
    o_low = P(sil.at(s_n92), ((145, 97), (139, 98.5), (133, 96)))
    o_back = P((133, 96), ((130, 88), (131, 80), (136, 75)))
    t_a = P((136, 75), ((135, 67), (128, 61), j1))  # temporal | frontal
    t_b = P(j1, ((108, 62), (99, 72), ear.at(4)))  # temporal | parietal
    zyg = P(ear.at(s_z), ((110, 99), (122, 97.5), (133, 96)))  # temporal | face
    q1, k, s2 = (70, 90), (78, 122), (82, 138)
    pr = P(ear.at(s_tb), ((78, 84), (73, 85), q1))  # parietal | retro-auricular
    lamb = P(q1, ((65, 70), (69, 45), vs.at(t_p)))  # parietal | occipital
    kq = P(k, ((72, 112), (69, 100), q1))  # occipital | retro-auricular
    sb = P((54, 120), ((62, 121), (70, 122), k))  # skull base: occipital | suboccipital
    retro_low = P(ear.at(2), ((85, 121), (81, 122), k))  # retro-auricular | neck
    sub_front = P(k, ((80, 127), (81, 133), s2))  # suboccipital | neck
    sub_low = P(s2, ((74, 140), (66, 140.5), (59, 140)))  # suboccipital | neck
    s_mouth = 6.5
    fj = P(sil.at(s_mouth), ((140, 121), (122, 123), patch.at(1)))  # face | jaw
    fb = P(ear.at(3), ((96, 116), (95, 123), patch.at(0)))  # face | neck, behind the jaw angle
    jawline = P(patch.at(2), ((120, 150.5), (134, 152.5), sil.at(9)))  # jaw | neck, throat
    t_jt = jawline.find(0, x=116)
    s_sh0, s_sh1 = sil.find(14, y=190), sil.find(10, y=193)
    sh_top = P(sil.at(s_sh0), ((70, 183), (104, 184), sil.at(s_sh1)))  # shoulder | neck
    t_f0 = sh_top.find(0, x=111)
    nt = P(jawline.at(t_jt), ((114, 162), (112, 175), sh_top.at(t_f0)))  # neck | throat
    s_fe = sil.find(12, x=124)
    fe = P(sh_top.at(t_f0), ((118, 208), (122, 226), sil.at(s_fe)))  # shoulder | chest

    regions = {
        "vertex_region": [closed(vs, sil.sub(s_a, s_b, wrap=True).rev())],
        "frontal_region": [closed(vs.sub(t_f, 1), sil.sub(s_b, s_brow), o_top.rev(), t_a, coronal.rev())],
        "parietal_region": [closed(vs.sub(t_p, t_f), coronal, t_b, ear.sub(0, s_tb), pr, lamb)],
        "occipital_region": [closed(sil.sub(s_a, 16), sb, kq, lamb, vs.sub(t_p, 0))],
        "retroauricular_region": [closed(ear.sub(s_tb, 2), retro_low, kq, pr.rev())],
        "suboccipital_region": [closed(sb, sub_front, sub_low, sil.sub(15, 16))],
        "temporal_region": [closed(t_a, t_b, ear.sub(4, s_z), zyg, o_back)],
        "orbital_region": [closed(o_back, o_top, sil.sub(s_brow, s_n92), o_low)],
        "face_region": [closed(zyg, o_low.rev(), sil.sub(s_n92, s_mouth), fj, patch.sub(1, 0), fb.rev(),
                               ear.sub(3, s_z))],
        "jaw_region": [closed(sil.sub(s_mouth, 9), jawline.rev(), patch.sub(2, 1), fj.rev())],
        "ear_region": [closed(ear), closed(patch)],
        "neck_region": [closed(sil.sub(15, s_sh0), sh_top.sub(0, t_f0), nt.rev(), jawline.sub(t_jt, 0),
                               patch.sub(2, 4), fb.rev(), ear.sub(3, 2), retro_low, sub_front, sub_low)],
        "shoulder_arm_region": [closed(sh_top.sub(0, t_f0), fe, sil.sub(s_fe, s_sh0))],
    }
    anchors = {
        "vertex_region": (100, 24), "frontal_region": (136, 48), "parietal_region": (100, 55),
        "occipital_region": (56, 90), "retroauricular_region": (75, 105), "suboccipital_region": (66, 130),
        "temporal_region": (115, 82), "orbital_region": (136.5, 89), "face_region": (126, 108),
        "jaw_region": (138, 138), "ear_region": (88, 100), "neck_region": (84, 165),
        "shoulder_arm_region": (100, 218),
    }
    features = [
        "M139.5,85.5 C142,84.5 144.5,85.5 146,88 C144,90 141.5,90.5 139.5,89.5",  # eye, in profile
        "M137,79 C141,77 146,77 149.5,78.5",  # brow
        "M151.5,109.5 C153,108.5 155,108.5 156.5,109.5",  # nostril
        "M152,122.3 L146.5,122",  # mouth
        "M93,90 C88,88 84,92 84.5,99 C85,106 88,111 92,112",  # inside of the ear
    ]
    return {"outline": outline, "regions": regions, "anchors": anchors, "features": features}


def back() -> dict:
    sil = Curve([
        cub((100, 18), (126, 18), (144, 38), (146, 64)),  # 0 cranium
        cub((146, 64), (147, 74), (146.5, 80), (145, 86)),  # 1 above the ear
        cub((145, 86), (151, 79), (157.5, 84), (157, 95)),  # 2 ear, upper
        cub((157, 95), (156, 105), (151, 112), (143.5, 114)),  # 3 ear, lobe
        cub((143.5, 114), (142, 122), (138, 128), (133, 133)),  # 4 mastoid to the neck
        cub((133, 133), (131, 137), (130, 142), (130, 148)),  # 5 top of the neck
        cub((130, 148), (130, 160), (132.5, 170), (138, 175)),  # 6 side of the neck
        cub((138, 175), (146.3, 182.5), (157, 187), (165, 194)),  # 7 trapezius
        cub((165, 194), (173, 200), (176, 214), (177, 240)),  # 8 shoulder and arm
    ])
    outline = full_sym(sil)
    ear_attach = P((145, 86), ((146.5, 95), (146, 105), (143.5, 114)))
    s_v = sil.find(0, y=31)
    vb = P((100, 34), ((112, 34), (122, 33.5), sil.at(s_v)))
    t_l = vb.find(0, x=119)
    r1, r2 = (133, 93), (134, 118)
    oc = P(vb.at(t_l), ((125, 50), (131, 72), r1))  # parietal | occipital
    t_90 = ear_attach.find(0, y=90)
    pr = P(r1, ((137, 90.5), (141, 89.5), ear_attach.at(t_90)))  # parietal | retro-auricular
    ro = P(r1, ((132, 101), (132.5, 110), r2))  # occipital | retro-auricular
    s_m = sil.find(4, y=121)
    rs = P(r2, ((137, 119.5), (140, 120), sil.at(s_m)))  # retro-auricular | suboccipital
    skull_base = P((100, 120), ((112, 120), (124, 119), r2))  # occipital | suboccipital
    s_s = sil.find(5, y=141)
    sub_low = P(sil.at(s_s), ((118, 141.5), (108, 142), (100, 142)))  # suboccipital | neck
    s_n = sil.find(7, x=147)
    neck_base = P((100, 184), ((115, 184), (136, 186), sil.at(s_n)))  # neck | upper back
    shoulder_b = P(sil.at(s_n), ((148, 204), (151, 222), (152, 240)))  # shoulder | upper back

    regions = {
        "vertex_region": [full_sym(vb.join(sil.sub(s_v, 0)))],
        "parietal_region": sym_pair(closed(vb.sub(t_l, 1), sil.sub(s_v, 2), ear_attach.sub(0, t_90), pr.rev(),
                                           oc.rev())),
        "occipital_region": [full_sym(vb.sub(0, t_l).join(oc, ro, skull_base.rev()))],
        "retroauricular_region": sym_pair(closed(pr, ear_attach.sub(t_90, 1), sil.sub(4, s_m), rs.rev(), ro.rev())),
        "ear_region": sym_pair(closed(sil.sub(2, 4), ear_attach.rev())),
        "suboccipital_region": [full_sym(skull_base.join(rs, sil.sub(s_m, s_s), sub_low))],
        "neck_region": [full_sym(sub_low.rev().join(sil.sub(s_s, s_n), neck_base.rev()))],
        "shoulder_arm_region": sym_pair(closed(shoulder_b, (177, 240), sil.sub(9, s_n))),
    }
    anchors = {
        "vertex_region": (100, 25), "parietal_region": (64, 56), "occipital_region": (100, 80),
        "retroauricular_region": (138.5, 104), "ear_region": (49, 98), "suboccipital_region": (100, 131),
        "neck_region": (90, 165), "shoulder_arm_region": (164, 215),
    }
    features = [
        "M149,89 C153,89 154.5,96 153,103 C152,108 150,110 147.5,111",  # backs of the ears
        "M51,89 C47,89 45.5,96 47,103 C48,108 50,110 52.5,111",
        "M100,150 L100,172",  # groove of the neck
    ]
    return {"outline": outline, "regions": regions, "anchors": anchors, "features": features}


def sym_pair(c: Curve) -> list[Curve]:
    return [c, c.mirror().rev()]


def preview(views: dict[str, dict], path: str) -> None:
    colours = ["#fbb4ae", "#b3cde3", "#ccebc5", "#decbe4", "#fed9a6", "#ffffcc", "#e5d8bd", "#fddaec",
               "#f2f2f2", "#b3e2cd", "#fdcdac", "#cbd5e8", "#f4cae4", "#e6f5c9"]
    out = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 620 240" width="1860" height="720">']
    for i, v in enumerate(views.values()):
        out.append(f'<g transform="translate({i * 210},0)"><path d="{v["outline"].d()}" fill="#eee" stroke="#000"/>')
        for j, (rid, curves) in enumerate(v["regions"].items()):
            for c in curves or []:
                out.append(f'<path d="{c.d()}" fill="{colours[j % len(colours)]}" stroke="#555" '
                           f'stroke-width="0.4" fill-opacity="0.9"><title>{rid}</title></path>')
        for f in v["features"]:
            out.append(f'<path d="{f}" fill="none" stroke="#333" stroke-width="0.7"/>')
        for rid, (x, y) in v["anchors"].items():
            out.append(f'<circle cx="{x}" cy="{y}" r="1.2" fill="#000"/>'
                       f'<text x="{x + 2}" y="{y - 1}" font-size="4">{rid.replace("_region", "")}</text>')
        out.append("</g>")
    out.append("</svg>")
    with open(path, "w") as fh:
        fh.write("\n".join(out))


# The order regions are listed in, top of the head to the shoulders (only the drawn ones appear).
ORDER = ["vertex_region", "frontal_region", "parietal_region", "temporal_region", "orbital_region",
         "occipital_region", "retroauricular_region", "ear_region", "face_region", "jaw_region",
         "suboccipital_region", "neck_region", "shoulder_arm_region"]
TITLES = {"front": "Front", "side": "Side", "back": "Back"}

HEADER = """\
# The head-and-neck figure of the pain map and the linked view: front, side and back views.
#
# Layout data, not medical facts: which area of the drawing stands for which region node of
# nodes.yaml. What a region is and what sends pain to it come from the graph.
#
# Written by tools/draw_head_map.py, which builds every border between two regions once, so that
# neighbours meet exactly; change the drawing there and rerun it rather than editing paths here.
# Drawn for this project (no outside artwork), under the project's licence.
#
# Every view is drawn in the box "0 0 200 240" (x to the right, y down); the side view shows the
# right side of the head, facing right. Per view: the skin's `outline`, decorative `features`
# (eyes, nose, mouth, ears, collarbones; drawn as lines), and `regions`: each region's area as one
# or more SVG paths, and an `anchor` inside it where a label's leader line ends.
"""


def fmt(x: float) -> str:
    return f"{round(x, 1):g}"


def yaml_path(d: str, indent: int) -> str:
    """One path as a YAML scalar: plain if short, else folded over several lines (joined by spaces)."""
    pad = " " * indent
    if len(d) + indent <= 110:
        return f'"{d}"'
    words, lines, cur = d.split(" "), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) + indent > 110:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    lines.append(cur)
    return ">-\n" + "\n".join(pad + ln for ln in lines)


def to_yaml(views: dict[str, dict]) -> str:
    out = [HEADER]
    for name, v in views.items():
        out.append(f"{name}:")
        out.append(f"  title: {TITLES[name]}")
        out.append(f"  outline: {yaml_path(v['outline'].d(), 4)}")
        out.append("  features:")
        for f in v["features"]:
            out.append(f"    - {yaml_path(f, 6)}")
        out.append("  regions:")
        for rid in sorted(v["regions"], key=ORDER.index):
            x, y = v["anchors"][rid]
            out.append(f"    - region: {rid}")
            out.append(f"      anchor: [{fmt(x)}, {fmt(y)}]")
            out.append("      paths:")
            for c in v["regions"][rid]:
                out.append(f"        - {yaml_path(c.d(), 10)}")
        out.append("")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preview", help="write a colour-coded preview SVG here instead")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "data" / "head_map.yaml"))
    args = parser.parse_args()
    views = {"front": front(), "side": side(), "back": back()}
    assert set(views["side"]["regions"]) == set(ORDER), set(ORDER) ^ set(views["side"]["regions"])
    if args.preview:
        preview(views, args.preview)
    else:
        Path(args.out).write_text(to_yaml(views), encoding="utf-8")


if __name__ == "__main__":
    main()
