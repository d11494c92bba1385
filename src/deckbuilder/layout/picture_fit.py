"""Fitting a picture into its slot: letterboxed (contain) or filled and cropped (cover), and
where the whole picture lies when only its cropped part shows."""

from __future__ import annotations

Crop = tuple[float, float, float, float]  # left, top, right, bottom: fractions cut off


def contain(
    src_w: float, src_h: float, x: float, y: float, w: float, h: float, align: str = "center"
) -> tuple[float, float, float, float]:
    """The largest box of the picture's shape inside the slot (letterboxed)."""
    scale = min(w / src_w, h / src_h)
    pw, ph = src_w * scale, src_h * scale
    dx = {"left": 0.0, "right": w - pw}.get(align, (w - pw) / 2)
    return x + dx, y + (h - ph) / 2, pw, ph


def cover(src_w: float, src_h: float, w: float, h: float, focus: tuple[float, float]) -> Crop:
    """The crop that makes the picture fill a w x h slot, kept around ``focus`` (0..1 each)."""
    src_ratio, slot_ratio = src_w / src_h, w / h
    if abs(src_ratio - slot_ratio) < 1e-9:
        return (0.0, 0.0, 0.0, 0.0)
    if src_ratio > slot_ratio:  # too wide: cut left and right
        keep = slot_ratio / src_ratio
        left = min(max(focus[0] - keep / 2, 0.0), 1 - keep)
        return (_r(left), 0.0, _r(1 - keep - left), 0.0)
    keep = src_ratio / slot_ratio
    top = min(max(focus[1] - keep / 2, 0.0), 1 - keep)
    return (0.0, _r(top), 0.0, _r(1 - keep - top))


def _r(v: float) -> float:
    return round(v, 6)  # the same crop in both files, whatever float noise


def full_box(
    x: float, y: float, w: float, h: float, crop: Crop
) -> tuple[float, float, float, float]:
    """Where the whole, uncropped picture lies when its visible part fills (x, y, w, h)."""
    l, t, r, b = crop  # noqa: E741
    fw, fh = w / (1 - l - r), h / (1 - t - b)
    return x - l * fw, y - t * fh, fw, fh
