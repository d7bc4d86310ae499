"""The DWT-DCT ("dwtDct") watermark decoder of the `invisible-watermark` package, in
numpy alone, bit for bit: the Stable Diffusion scripts and the SDXL pipelines embed
their marks with it.

The scheme (imwatermark/maxDct.py, class EmbedMaxDct, invisible-watermark 0.2.0):
convert BGR to YUV (OpenCV's 8-bit fixed-point formula), take the U plane cropped to
a multiple of 4 pixels, one level of the Haar DWT, cut its approximation band into
4x4 blocks read row by row; block n carries bit n mod L of an L-bit message, in the
coefficient of largest magnitude other than the block's first one: its magnitude
modulo 36 above 18 reads as 1. Each message bit is the majority of its blocks.
The package decodes with OpenCV and PyWavelets; both steps are reproduced here
exactly (checked against them, tests/test_watermark_decode.py), so an install needs
only numpy. The decoder looks at pixels; reading them is `watermark.py`'s job.
"""

from __future__ import annotations

import numpy as np

SCALE = 36  # EmbedMaxDct's default scales=[0, 36, 36]: only U is used (channel 1 of 0-1)
BLOCK = 4
# Pixel rows handled at a time: 8 pixel rows make one row of 4x4 blocks of the
# half-size approximation band, and a strip bounds the float copies of a poster.
STRIP_ROWS = 8 * 64
# OpenCV's RGB->YUV for 8-bit images (color_yuv, yuv_shift 14): Y from R, G, B; U
# from B - Y; rounded by adding half before the shift.
_SHIFT = 14
_R2Y, _G2Y, _B2Y = 4899, 9617, 1868
_B_MINUS_Y_TO_U = 8061
_U_OFFSET = (128 << _SHIFT) + (1 << (_SHIFT - 1))
# pywt's Haar low-pass tap; the products are taken in pywt's order (columns, then
# rows), which is what makes the band equal to pywt.dwt2's to the last bit.
_HAAR = float(np.sqrt(0.5))


def block_bits(rgb: np.ndarray, swap_red_blue: bool = False, float_input: bool = False) -> np.ndarray:
    """One 0/1 score per 4x4 block of the approximation band, in the encoder's
    order (row-major), for an H x W x 3 uint8 RGB image. `swap_red_blue` reads the
    image as a pipeline that handed RGB to the BGR-expecting encoder wrote it;
    `float_input` as one that handed it float pixels (the SDXL pipelines): OpenCV
    then offsets U by 0.5 instead of 128, so the encoder quantised other values,
    and often other coefficients, than the 8-bit reading (the package's) looks at."""
    height, width = rgb.shape[0] // BLOCK * BLOCK, rgb.shape[1] // BLOCK * BLOCK
    # The band is half size; its blocks cover 8 x 8 pixels each, and a partial block
    # at the right or bottom edge carries nothing.
    block_rows, block_cols = height // (2 * BLOCK), width // (2 * BLOCK)
    if block_rows == 0 or block_cols == 0:
        return np.zeros(0, dtype=bool)
    used_cols = block_cols * 2 * BLOCK
    blue_channel, red_channel = (0, 2) if swap_red_blue else (2, 0)
    scores = []
    for top in range(0, block_rows * 2 * BLOCK, STRIP_ROWS):
        strip = rgb[top:min(top + STRIP_ROWS, block_rows * 2 * BLOCK), :used_cols]
        plane = _u_plane_of_floats if float_input else _u_plane
        band = _haar_approximation(plane(strip, red_channel, blue_channel))
        scores.append(_block_scores(band))
    return np.concatenate(scores)


def message_bits(scores: np.ndarray, length: int) -> np.ndarray:
    """The L-bit message the blocks vote for: bit i is 1 when more than 127/255 of
    the blocks n with n mod L == i read 1 (the package's own comparison)."""
    if len(scores) < length:
        return np.zeros(length, dtype=bool)  # the package's mean of nothing is NaN, read as 0
    positions = np.arange(len(scores)) % length
    ones = np.bincount(positions, weights=scores, minlength=length)
    blocks = np.bincount(positions, minlength=length)
    return (ones / blocks) * 255 > 127


def _u_plane(strip: np.ndarray, red_channel: int, blue_channel: int) -> np.ndarray:
    red = strip[..., red_channel].astype(np.int32)
    blue = strip[..., blue_channel].astype(np.int32)
    luma = (red * _R2Y + strip[..., 1].astype(np.int32) * _G2Y + blue * _B2Y + (1 << (_SHIFT - 1))) >> _SHIFT
    return np.clip(((blue - luma) * _B_MINUS_Y_TO_U + _U_OFFSET) >> _SHIFT, 0, 255).astype(np.float64)


def _u_plane_of_floats(strip: np.ndarray, red_channel: int, blue_channel: int) -> np.ndarray:
    # OpenCV's floating-point RGB->YUV: U = 0.492 (B - Y) + 0.5 (the half of a 0-1 range).
    red, green, blue = (strip[..., c].astype(np.float64) for c in (red_channel, 1, blue_channel))
    return (blue - (0.299 * red + 0.587 * green + 0.114 * blue)) * 0.492 + 0.5


def _haar_approximation(plane: np.ndarray) -> np.ndarray:
    row_pairs = plane[0::2] * _HAAR + plane[1::2] * _HAAR
    return row_pairs[:, 0::2] * _HAAR + row_pairs[:, 1::2] * _HAAR


def _block_scores(band: np.ndarray) -> np.ndarray:
    rows, cols = band.shape[0] // BLOCK, band.shape[1] // BLOCK
    blocks = band[: rows * BLOCK, : cols * BLOCK].reshape(rows, BLOCK, cols, BLOCK).swapaxes(1, 2).reshape(-1, BLOCK * BLOCK)
    # The first coefficient of a block is never the carrier; ties go to the first.
    magnitudes = np.abs(blocks[:, 1:])
    carrier = magnitudes[np.arange(len(blocks)), magnitudes.argmax(axis=1)]
    return np.remainder(carrier, SCALE) > 0.5 * SCALE
