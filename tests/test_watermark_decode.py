"""auditor's DWT-DCT decoder (numpy only) reads exactly what `invisible-watermark`'s own
decoder reads (OpenCV colour conversion, PyWavelets Haar DWT), block by block."""

from __future__ import annotations

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2", reason="the reference decoder needs OpenCV (test extra: opencv-python-headless)")
pytest.importorskip("pywt", reason="the reference decoder needs PyWavelets (test extra)")
watermarked = pytest.importorskip("fixtures.watermarked")
try:
    EmbedMaxDct = watermarked.reference_encoder()
except ImportError as missing:
    pytest.skip(str(missing), allow_module_level=True)

from auditor.media.watermark_decode import block_bits, message_bits  # noqa: E402

SD_V1 = watermarked.bits_of_bytes(b"StableDiffusionV1")
SDXL = watermarked.bits_of_number(watermarked.SDXL_MESSAGE)


def images() -> list[tuple[str, np.ndarray]]:
    """Unmarked and marked pixels of several sizes, none a multiple of 8 in both sides."""
    plain = watermarked.photo_like(1, 643, 517)
    return [
        ("plain", plain),
        ("plain, small", watermarked.photo_like(2, 260, 257)),
        ("plain, tall", watermarked.photo_like(3, 301, 1030)),
        ("sd v1 script", watermarked.marked_by_scripts(plain, b"StableDiffusionV1")),
        ("sdxl pipeline", watermarked.marked_by_sdxl(watermarked.photo_like(4, 800, 600))),
        ("saturated", np.where(plain > 128, 255, 0).astype(np.uint8)),
    ]


@pytest.mark.parametrize("name, rgb", images(), ids=[name for name, _ in images()])
def test_every_block_reads_as_the_package_reads_it(name, rgb):
    ours = block_bits(rgb)
    # With a message as long as there are blocks, each "bit" the package decodes is one block.
    theirs = EmbedMaxDct(watermarks=[], wmLen=len(ours)).decode(np.ascontiguousarray(rgb[:, :, ::-1]))
    assert len(ours) > 0
    assert np.array_equal(ours, np.asarray(theirs, dtype=bool))


@pytest.mark.parametrize("name, rgb", images(), ids=[name for name, _ in images()])
@pytest.mark.parametrize("length", [32, 48, 136])
def test_message_bits_equal_the_packages(name, rgb, length):
    ours = message_bits(block_bits(rgb), length)
    theirs = EmbedMaxDct(watermarks=[], wmLen=length).decode(np.ascontiguousarray(rgb[:, :, ::-1]))
    assert np.array_equal(ours, np.asarray(theirs, dtype=bool))


def test_swapped_order_reads_the_image_as_if_red_and_blue_were_exchanged():
    rgb = watermarked.photo_like(5, 512, 512)
    assert np.array_equal(block_bits(rgb, swap_red_blue=True), block_bits(np.ascontiguousarray(rgb[:, :, ::-1])))


def test_the_colour_conversion_matches_opencv_for_every_8_bit_colour():
    # All 2^24 colours, as a 4096 x 4096 image: the U plane the decoder derives equals OpenCV's.
    from auditor.media.watermark_decode import _u_plane

    code = np.arange(1 << 24, dtype=np.uint32)
    rgb = np.stack([(code >> 16) & 255, (code >> 8) & 255, code & 255], axis=-1).astype(np.uint8).reshape(4096, 4096, 3)
    expected = cv2.cvtColor(np.ascontiguousarray(rgb[:, :, ::-1]), cv2.COLOR_BGR2YUV)[..., 1]
    assert np.array_equal(_u_plane(rgb, 0, 2), expected.astype(np.float64))


def test_the_haar_band_matches_pywavelets_to_the_last_bit():
    import pywt

    from auditor.media.watermark_decode import _haar_approximation

    plane = np.random.default_rng(6).integers(0, 256, (512, 768)).astype(np.float64)
    approximation, _ = pywt.dwt2(plane, "haar")
    assert np.array_equal(_haar_approximation(plane), approximation)
