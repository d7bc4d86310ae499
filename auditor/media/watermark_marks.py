"""The invisible watermarks auditor knows, as their publishers' code embeds them: the
message bits, the channel order the encoder was handed, and how many bits must match
before a file is said to carry the mark (chosen from bench/watermarks.py, see
bench/RESULTS.md "Invisible watermarks")."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mark:
    name: str  # the signal's source is "watermark:<name>"
    label: str
    bits: tuple[bool, ...]
    # The image orders the mark may have been embedded in: False when the encoder
    # was given BGR as it expects, True when a pipeline handed it RGB.
    swapped_orders: tuple[bool, ...]
    min_matching: int
    # True when the encoder was given float pixels (the SDXL pipelines), not 8-bit ones.
    float_input: bool = False


def _bytes_bits(message: bytes) -> tuple[bool, ...]:
    return tuple(bit == "1" for byte in message for bit in f"{byte:08b}")


def _number_bits(message: int) -> tuple[bool, ...]:
    return tuple(bit == "1" for bit in bin(message)[2:])


MARKS: dict[str, tuple[Mark, ...]] = {
    "sd": (
        # CompVis/stable-diffusion 21f890f9da3cfbeaba8e2ac3c425ee9e998d5229,
        # scripts/txt2img.py: wm = "StableDiffusionV1", set_watermark('bytes', ...),
        # put_watermark converts the PIL RGB image to BGR before encode(img, 'dwtDct').
        Mark("sd-v1", "Stable Diffusion v1 (\"StableDiffusionV1\")",
             _bytes_bits(b"StableDiffusionV1"), (False,), min_matching=99),
        # Stability-AI/stablediffusion cf1d67a6fd5ea1aa600c4df58e5b47da45f6bdbf,
        # scripts/txt2img.py and img2img.py: wm = "SDV2", same put_watermark.
        Mark("sd-v2", "Stable Diffusion v2 (\"SDV2\")",
             _bytes_bits(b"SDV2"), (False,), min_matching=30),
        # Stability-AI/generative-models 0ad7de9a5cb53fd63d6d30a4f385485e72e08597,
        # sgm/inference/helpers.py WATERMARK_MESSAGE (0xB3EC907BB19E), encoded as
        # "bits" on BGR; huggingface/diffusers 58eb52c0803ea9af3abec60841c2a093bdf1f951,
        # pipelines/stable_diffusion_xl/watermark.py, the same 48 bits, on BGR since
        # ebc99a77 (April 2024) and on RGB before it.
        Mark("sdxl", "Stable Diffusion XL",
             _number_bits(0b101100111110110010010000011110111011000110011110), (False, True), min_matching=42, float_input=True),
    ),
}
