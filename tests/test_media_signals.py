"""derive_signals: which fields make which signal kind, and the exact source named."""

from __future__ import annotations

import json

import pytest

from auditor.media.signals import MAX_SIGNAL_VALUE, derive_signals

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def signals(*, exif=None, iptc=None, xmp=None, png_text=None, c2pa=None):
    found = derive_signals(exif=exif or {}, iptc=iptc or {}, xmp=xmp or {}, png_text=png_text or {}, c2pa=c2pa or {})
    return [(s.kind, s.source) for s in found]


# --- IPTC Digital Source Type ---------------------------------------------------------------

@pytest.mark.parametrize(
    "value, kind",
    [
        (IPTC + "trainedAlgorithmicMedia", "ai-generated"),
        ("https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", "ai-generated"),
        ("trainedAlgorithmicMedia", "ai-generated"),
        (IPTC + "compositeWithTrainedAlgorithmicMedia", "ai-edited"),
        (IPTC + "compositeSynthetic", "ai-edited"),
        (IPTC + "algorithmicMedia", "algorithmic"),
        (IPTC + "digitalCapture", "capture"),
        (IPTC + "humanEdits", "edited"),
        (IPTC + "digitalCreation", "unknown"),
        ("http://example.org/not-an-iptc-term", "unknown"),
    ],
)
def test_xmp_digital_source_type_gives_the_kind_of_its_term(value, kind):
    assert signals(xmp={"Iptc4xmpExt:DigitalSourceType": value}) == [(kind, "xmp:Iptc4xmpExt:DigitalSourceType")]


def test_source_type_signal_keeps_the_value_as_written():
    found = derive_signals(exif={}, iptc={}, png_text={}, c2pa={},
                           xmp={"Iptc4xmpExt:DigitalSourceType": IPTC + "trainedAlgorithmicMedia"})

    assert found[0].value == IPTC + "trainedAlgorithmicMedia"


# --- generator text chunks ----------------------------------------------------------------

@pytest.mark.parametrize(
    "keyword, value",
    [
        ("parameters", "a cat on a sofa\nNegative prompt: blurry\nSteps: 30, Sampler: DPM++ 2M, CFG scale: 7, Seed: 1"),
        ("prompt", json.dumps({"3": {"class_type": "KSampler", "inputs": {"seed": 1}}})),
        ("workflow", json.dumps({"nodes": [], "links": []})),
        ("invokeai_metadata", json.dumps({"positive_prompt": "a cat"})),
        ("sd-metadata", json.dumps({"model": "stable diffusion"})),
        ("Dream", '"a cat" -s 50 -S 42 -W 512 -H 512'),
    ],
)
def test_generator_text_chunk_signals_ai_generated(keyword, value):
    assert signals(png_text={keyword: value}) == [("ai-generated", f"png:{keyword}")]


def test_parameters_chunk_without_generation_settings_is_not_a_signal():
    assert signals(png_text={"parameters": "exposure 1/250, f/8"}) == []


def test_novelai_comment_json_and_software_signal_ai_generated():
    comment = json.dumps({"prompt": "a cat", "steps": 28, "sampler": "k_euler_ancestral", "seed": 5, "uc": "lowres"})

    assert signals(png_text={"Software": "NovelAI", "Comment": comment}) == [
        ("ai-generated", "png:Software"), ("ai-generated", "png:Comment"),
    ]


@pytest.mark.parametrize("comment", ["Shot on a rainy day", json.dumps({"album": "holiday", "seed": "x"})])
def test_ordinary_comment_is_not_a_signal(comment):
    assert signals(png_text={"Comment": comment}) == []


# --- tool names ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "tool",
    [
        "Midjourney v6.1", "DALL·E 3", "DALL-E", "Adobe Firefly Image 3", "Stable Diffusion XL", "ComfyUI",
        "NovelAI", "Google Imagen 3", "Gemini 2.5 Flash Image", "Ideogram 2.0", "Leonardo.Ai", "FLUX.1 [dev]",
        "ChatGPT", "Bing Image Creator",
    ],
)
def test_generator_named_in_software_or_creator_tool_signals_ai_generated(tool):
    assert signals(exif={"Software": tool}) == [("ai-generated", "exif:Software")]
    assert signals(xmp={"xmp:CreatorTool": tool}) == [("ai-generated", "xmp:xmp:CreatorTool")]


@pytest.mark.parametrize(
    "tool", ["Adobe Photoshop 25.0 (Windows)", "GIMP 2.10.36", "Imagenomic Portraiture 4", "Adobe Lightroom Classic 13.2",
             "Editor de imagen", "Capture One 23"],
)
def test_ordinary_editing_software_is_not_a_signal(tool):
    assert signals(exif={"Software": tool}, xmp={"xmp:CreatorTool": tool}) == []


@pytest.mark.parametrize("tool", ["Adobe Photoshop 25.0 (Generative Fill)", "Google Photos Magic Editor", "Galaxy AI Generative Edit"])
def test_generative_edit_tool_signals_ai_edited(tool):
    assert signals(exif={"Software": tool}) == [("ai-edited", "exif:Software")]


def test_generative_edit_in_xmp_history_signals_ai_edited():
    xmp = {"xmpMM:History/stEvt:softwareAgent": ["Adobe Photoshop 25.0", "Adobe Photoshop 25.0 Generative Fill"]}

    assert signals(xmp=xmp) == [("ai-edited", "xmp:xmpMM:History/stEvt:softwareAgent")]


def test_iptc_originating_program_naming_a_generator_signals_ai_generated():
    assert signals(iptc={"OriginatingProgram": "Midjourney"}) == [("ai-generated", "iptc:OriginatingProgram")]


# --- camera ----------------------------------------------------------------------------------

def test_camera_make_signals_capture():
    assert signals(exif={"Make": "FUJIFILM", "Model": "X-T5"}) == [("capture", "exif:Make")]


def test_camera_model_alone_signals_capture():
    assert signals(exif={"Model": "iPhone 15 Pro"}) == [("capture", "exif:Model")]


def test_make_naming_a_generator_is_ai_generated_not_capture():
    assert signals(exif={"Make": "Midjourney"}) == [("ai-generated", "exif:Make")]


def test_automatic1111_parameters_in_exif_user_comment_signal_ai_generated():
    comment = "portrait of a knight\nSteps: 25, Sampler: Euler a, CFG scale: 7, Seed: 9, Model hash: abc"

    assert signals(exif={"UserComment": comment}) == [("ai-generated", "exif:UserComment")]


# --- C2PA ------------------------------------------------------------------------------------

def test_c2pa_action_source_types_signal_by_term_with_their_index():
    c2pa = {
        "present": True,
        "actions": [
            {"action": "c2pa.opened", "digitalSourceType": None, "softwareAgent": None},
            {"action": "c2pa.edited", "digitalSourceType": IPTC + "compositeWithTrainedAlgorithmicMedia",
             "softwareAgent": "Adobe Photoshop 25.0"},
            {"action": "c2pa.created", "digitalSourceType": IPTC + "digitalCapture", "softwareAgent": None},
        ],
    }

    assert signals(c2pa=c2pa) == [
        ("ai-edited", "c2pa:actions[1].digitalSourceType"), ("capture", "c2pa:actions[2].digitalSourceType"),
    ]


def test_c2pa_software_agent_and_claim_generator_naming_a_generator_signal_ai_generated():
    c2pa = {
        "claim_generator": "ChatGPT",
        "actions": [{"action": "c2pa.created", "softwareAgent": {"name": "GPT-4o", "version": "1"}}],
    }

    assert signals(c2pa=c2pa) == [
        ("ai-generated", "c2pa:actions[0].softwareAgent"), ("ai-generated", "c2pa:claim_generator"),
    ]


@pytest.mark.parametrize("c2pa", [{"present": True}, {"actions": "nonsense"}, {"actions": [None, 3, "x"]}])
def test_c2pa_without_usable_actions_gives_no_signal(c2pa):
    assert signals(c2pa=c2pa) == []


# --- AIGC implicit labels (GB 45438-2025) -------------------------------------------------------

def test_tc260_aigc_xmp_label_signals_ai_generated():
    label = json.dumps({"Label": "1", "ContentProducer": "001191110108MA01KP2T5U00000", "ProduceID": "abc"})

    assert signals(xmp={"TC260:AIGC": label}) == [("ai-generated", "xmp:TC260:AIGC")]


def test_aigc_json_in_png_text_and_exif_comment_signals_ai_generated():
    wrapped = json.dumps({"AIGC": {"Label": "1", "ContentProducer": "x"}})

    assert signals(png_text={"AIGC": wrapped}) == [("ai-generated", "png:AIGC")]
    assert signals(exif={"UserComment": wrapped}) == [("ai-generated", "exif:UserComment")]


def test_text_mentioning_aigc_without_a_label_is_not_a_signal():
    assert signals(xmp={"TC260:AIGC": "{}"}, exif={"ImageDescription": "AIGC Label policy"}) == []


# --- IPTC 2025.1 AI fields --------------------------------------------------------------------

def test_ai_system_used_follows_an_ai_edited_source_type():
    xmp = {"Iptc4xmpExt:DigitalSourceType": IPTC + "compositeWithTrainedAlgorithmicMedia",
           "Iptc4xmpExt:AISystemUsed": "Example Inpainter"}

    assert signals(xmp=xmp) == [
        ("ai-edited", "xmp:Iptc4xmpExt:DigitalSourceType"), ("ai-edited", "xmp:Iptc4xmpExt:AISystemUsed"),
    ]


# --- shape of the output ------------------------------------------------------------------------

def test_duplicate_signals_are_reported_once():
    value = IPTC + "trainedAlgorithmicMedia"

    assert signals(xmp={"Iptc4xmpExt:DigitalSourceType": [value, value]}) == [
        ("ai-generated", "xmp:Iptc4xmpExt:DigitalSourceType"),
    ]


def test_long_values_are_shortened_for_display():
    found = derive_signals(exif={}, iptc={}, xmp={}, c2pa={}, png_text={"prompt": "x" * 10_000})

    assert len(found[0].value) == MAX_SIGNAL_VALUE
    assert found[0].value.endswith("…")


def test_no_metadata_no_signals():
    assert signals() == []


# --- the generator catalogue is data ---------------------------------------------------------------

@pytest.fixture
def catalogue():
    from auditor.media import generators

    generators.reset_catalogue()
    yield generators
    generators.reset_catalogue()


def test_catalogue_is_read_from_the_rules_folder(catalogue):
    from auditor.engine.ruleset import rules_dir

    assert catalogue._bundled_path() == rules_dir() / "vocab" / "generators.yaml"
    loaded = catalogue.load_catalogue(rules_dir() / "vocab" / "generators.yaml")

    assert {tool.name for tool in loaded.tools} >= {
        "OpenAI DALL·E", "Midjourney", "Adobe Firefly", "Adobe Photoshop Generative Fill", "Google Imagen",
        "Google Gemini", "Meta AI", "Microsoft Designer", "Stable Diffusion", "ComfyUI", "InvokeAI", "Fooocus",
        "Draw Things", "NovelAI",
    }
    assert loaded.text_keywords["prompt"] == "ComfyUI"


def test_a_newsroom_can_add_its_own_generator(catalogue):
    assert signals(exif={"Software": "NewsDesk Imager 2"}) == []

    catalogue.extend_catalogue([{"name": "NewsDesk Imager", "patterns": [r"\bnewsdesk\s+imager\b"]},
                                {"name": "Desk Inpaint", "kind": "ai-edited", "names": ["desk inpaint"]},
                                "Acme Dream"])

    assert signals(exif={"Software": "NewsDesk Imager 2"}) == [("ai-generated", "exif:Software")]
    assert signals(exif={"Software": "Desk Inpaint 1.0"}) == [("ai-edited", "exif:Software")]
    assert signals(xmp={"xmp:CreatorTool": "acme dream"}) == [("ai-generated", "xmp:xmp:CreatorTool")]


@pytest.mark.parametrize("entry, problem", [
    ({"patterns": ["x"]}, "needs a 'name'"),
    ({"name": "X"}, "needs 'patterns' or 'names'"),
    ({"name": "X", "kind": "photo", "names": ["x"]}, "kind must be"),
    ({"name": "X", "patterns": ["("]}, "bad pattern"),
    ({"name": "X", "names": ["x"], "colour": "red"}, "unknown key"),
])
def test_bad_catalogue_entries_are_refused_with_one_line(catalogue, entry, problem):
    with pytest.raises(catalogue.CatalogueError, match=problem) as raised:
        catalogue.extend_catalogue([entry])
    assert "\n" not in str(raised.value)
    assert signals(exif={"Software": "X"}) == []  # nothing half-added


def test_source_type_answers_are_remembered_up_to_a_bound_and_stay_the_same():
    from auditor.media import source_types

    first = [source_types.classify_source_type(IPTC + term) for term in ("digitalCapture", "TRAINEDALGORITHMICMEDIA", "x")]
    for n in range(source_types.MAX_REMEMBERED + 10):  # a hostile archive of made-up values
        source_types.classify_source_type(f"{IPTC}made-up-{n}")
        assert len(source_types._KIND_OF_VALUE) <= source_types.MAX_REMEMBERED
    again = [source_types.classify_source_type(IPTC + term) for term in ("digitalCapture", "TRAINEDALGORITHMICMEDIA", "x")]
    assert first == again == ["capture", "ai-generated", None]
