#!/usr/bin/env python3
"""Writes the character list for talkdeck's CJK font subset and runs pyftsubset; then the emoji
subset of Symbola (faces, gestures and food that egui's own emoji fonts lack).

Run from the repository root: python3 assets/fonts/subset.py
Needs Debian's fonts-noto-cjk and fonts-symbola, and fonttools (pip install fonttools==4.*).
"""
import glob
import subprocess
import sys

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = "assets/fonts/NotoSansSC-talkdeck.otf"
EMOJI_SOURCE = "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf"
EMOJI_OUT = "assets/fonts/Symbola-talkdeck.ttf"

chars = set()
# The 3,755 level-1 characters of GB2312: rows 0xB0-0xD7, cells 0xA1-0xFE (0xD7FA-0xD7FE unused).
for row in range(0xB0, 0xD8):
    for cell in range(0xA1, 0xFF):
        try:
            chars.add(bytes([row, cell]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
level1 = len(chars)
assert level1 == 3755, level1
chars.update(chr(c) for c in range(0x20, 0x7F))        # ASCII
chars.update(chr(c) for c in range(0x3000, 0x3040))    # CJK symbols and punctuation
chars.update(chr(c) for c in range(0xFF00, 0xFFF0))    # full-width and half-width forms
chars.update(chr(c) for c in range(0x2010, 0x2028))    # dashes, quotes, ellipsis
chars.update("·×÷°※✓")
# Symbols a deck or a note may use: circled and parenthesised numbers (①②③), arrows, shapes, and
# the common symbols (★ ♪ ☀ …) — whichever of them Noto Sans CJK SC has.
chars.update(chr(c) for c in range(0x2460, 0x2500))    # enclosed alphanumerics
chars.update(chr(c) for c in range(0x2190, 0x2200))    # arrows
chars.update(chr(c) for c in range(0x25A0, 0x2600))    # geometric shapes
chars.update(chr(c) for c in range(0x2600, 0x2700))    # miscellaneous symbols
# Everything the built-in decks and the interface say.
for path in sorted(glob.glob("data/decks/*.ron") + glob.glob("src/ui/**/*.rs", recursive=True)):
    with open(path, encoding="utf-8") as f:
        chars.update(c for c in f.read() if ord(c) > 0x7F and c.isprintable())

with open("assets/fonts/subset-chars.txt", "w", encoding="utf-8") as f:
    f.write("".join(sorted(chars)))
    f.write("\n")
print(f"{len(chars)} characters ({level1} GB2312 level 1)", file=sys.stderr)
subprocess.run(
    [
        "pyftsubset", SOURCE,
        "--font-number=2",
        "--text-file=assets/fonts/subset-chars.txt",
        "--layout-features=kern,palt,halt",
        "--name-IDs=*",
        "--output-file=" + OUT,
    ],
    check=True,
)

# Emoji: the Emoticons block (U+1F600-1F64F) and Supplemental Symbols and Pictographs
# (U+1F900-1F9FF) -- 🙂 🤔 🤗 🤣 🤝 🥟 and the like; pyftsubset keeps those Symbola has. egui's Noto
# Emoji covers the older ones (😀 👍 ❤ 🎉 ☕), and comes first.
subprocess.run(
    [
        "pyftsubset", EMOJI_SOURCE,
        "--unicodes=U+1F600-1F64F,U+1F900-1F9FF",
        "--no-hinting",
        "--name-IDs=*",
        "--output-file=" + EMOJI_OUT,
    ],
    check=True,
)
