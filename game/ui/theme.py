"""Colours, sizes and the one pygame_gui theme, scaled for projectors.

The palette is Okabe & Ito's colour-blind-safe set (Okabe & Ito 2008,
"Color Universal Design"), on a dark background that stays readable on a
classroom projector. All sizes here are at UI scale 1 and in px.
"""

from __future__ import annotations

from game import paths

BG = (18, 22, 33)
PANEL = (28, 34, 50)
PANEL_HI = (40, 48, 70)
GRID = (48, 56, 78)
AXIS = (120, 130, 155)
TEXT = (232, 236, 245)
TEXT_DIM = (150, 160, 182)
ACCENT = (86, 180, 233)      # sky blue
GOOD = (0, 158, 115)         # bluish green
WARN = (230, 159, 0)         # orange
BAD = (213, 94, 0)           # vermillion
STAR = (240, 228, 66)        # yellow
PURPLE = (204, 121, 167)     # reddish purple
BLUE = (0, 114, 178)

# Series colours in the order plots use them.
SERIES = (ACCENT, WARN, GOOD, PURPLE, STAR, BAD, BLUE, (200, 200, 200))

FONT_NAME = "noto_sc"
BASE_FONT = 15
SMALL_FONT = 13
TITLE_FONT = 30
SCALES = (1.0, 1.25, 1.5, 2.0)


def _hex(c) -> str:
    return "#{:02x}{:02x}{:02x}".format(*c)


def gui_theme(scale: float) -> dict:
    """pygame_gui theme as a dict, with our CJK font at the scaled size."""
    size = str(round(BASE_FONT * scale))
    font = {
        "name": FONT_NAME,
        "size": size,
        "regular_path": str(paths.FONT_REGULAR),
        "bold_path": str(paths.FONT_BOLD),
        "italic_path": str(paths.FONT_REGULAR),
        "bold_italic_path": str(paths.FONT_BOLD),
    }
    colours = {
        "normal_bg": _hex(PANEL_HI),
        "hovered_bg": "#4a5a86",
        "disabled_bg": "#262c3c",
        "selected_bg": _hex(BLUE),
        "active_bg": _hex(BLUE),
        "dark_bg": _hex(PANEL),
        "normal_text": _hex(TEXT),
        "hovered_text": "#ffffff",
        "selected_text": "#ffffff",
        "disabled_text": "#6a7390",
        "active_text": "#ffffff",
        "normal_border": "#5a6788",
        "hovered_border": _hex(ACCENT),
        "disabled_border": "#3a4156",
        "selected_border": _hex(ACCENT),
        "active_border": _hex(ACCENT),
        "link_text": _hex(ACCENT),
        "link_hover": "#9fd6f5",
        "text_cursor": _hex(ACCENT),
        "filled_bar": _hex(GOOD),
        "unfilled_bar": "#262c3c",
    }
    misc = {"shape": "rounded_rectangle", "shape_corner_radius": str(round(5 * scale)),
            "border_width": "1", "shadow_width": "0"}
    elements = ("button", "label", "text_box", "text_entry_line", "text_entry_box", "drop_down_menu",
                "horizontal_slider", "vertical_scroll_bar", "selection_list", "window", "file_dialog",
                "tool_tip", "progress_bar", "status_bar", "panel", "image", "tab_container",
                "form", "message_window", "confirmation_dialog", "title_bar", "close_button")
    theme_dict: dict = {e: {"font": font} for e in elements}
    theme_dict.update({
        "defaults": {"colours": colours, "font": font, "misc": misc},
        "tool_tip": {"font": font, "colours": {"dark_bg": "#0c0f18", "normal_text": _hex(TEXT)},
                     "misc": {"shape": "rectangle", "border_width": "1"}},
        "@title_button": {"font": dict(font, size=str(round(19 * scale)), bold="1")},
        "@small": {"font": dict(font, size=str(round(SMALL_FONT * scale))),
                   "misc": {"text_horiz_alignment": "left"}},
        "@value": {"font": dict(font, size=str(round(SMALL_FONT * scale))),
                   "misc": {"text_horiz_alignment": "right"}},
        "@selected": {"colours": {"normal_bg": _hex(BLUE), "normal_border": _hex(ACCENT)}},
        "@greyed": {"colours": {"normal_bg": "#2a2f3d", "normal_text": "#8a92a8"}},
        "horizontal_slider": {"font": font, "misc": {"enable_arrow_buttons": "0", "sliding_button_width":
                                                     str(round(14 * scale)), "border_width": "1"}},
    })
    theme_dict["tool_tip"]["font"] = font
    # rows of lists and open drop-downs grow with the font (pygame_gui's 20 px clips at 1.2x)
    rows = {"list_item_height": str(max(20, round(1.5 * BASE_FONT * scale)))}
    theme_dict["selection_list"]["misc"] = rows
    theme_dict["drop_down_menu"]["misc"] = dict(rows)
    return theme_dict
