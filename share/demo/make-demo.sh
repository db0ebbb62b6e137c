#!/bin/sh
# Make tplay's demo clip: 20 s of moving picture and four audio tracks that
# differ in language and kind, each a spoken line over a tone of its own
# (so tests and ears can tell them apart):
#   1  English main (default)                  "English"              440 Hz
#   2  German translation                      "Deutsch"              554 Hz
#   3  English commentary (FlagCommentary)     "Director's commentary" 659 Hz
#   4  English description (FlagVisualImpaired) "Audio description"  880 Hz
# Usage: share/demo/make-demo.sh OUT.mkv     (needs ffmpeg and espeak-ng)
set -eu

out=${1:?usage: make-demo.sh OUT.mkv}
dur=20
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

for tool in ffmpeg espeak-ng; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "make-demo: $tool is missing: run 'make deps'" >&2
        exit 1
    }
done

espeak-ng -v en -s 150 -w "$work/en.wav" \
    "This is the main English soundtrack of the tplay demo."
espeak-ng -v de -s 150 -w "$work/de.wav" \
    "Dies ist die deutsche Übersetzung der tplay Vorführung."
espeak-ng -v en -s 150 -w "$work/com.wav" \
    "Director's commentary. We shot this test pattern in a single take."
espeak-ng -v en -s 150 -w "$work/desc.wav" \
    "A colourful test pattern moves across the screen while a counter runs."

# One track: the speech, then silence, over a quiet tone, 48 kHz stereo.
track() { # $1 speech.wav, $2 tone Hz, $3 out
    ffmpeg -nostdin -v error -y -i "$1" \
        -f lavfi -i "sine=frequency=$2:sample_rate=48000:duration=$dur" \
        -filter_complex "[0:a]aresample=48000,apad,atrim=0:$dur[s];[1:a]volume=0.15[t];[s][t]amix=inputs=2:normalize=0,aformat=channel_layouts=stereo[a]" \
        -map "[a]" -c:a libopus -b:a 48k "$3"
}
track "$work/en.wav" 440 "$work/a1.mka"
track "$work/de.wav" 554 "$work/a2.mka"
track "$work/com.wav" 659 "$work/a3.mka"
track "$work/desc.wav" 880 "$work/a4.mka"

ffmpeg -nostdin -v error -y \
    -f lavfi -i "testsrc2=size=320x180:rate=25:duration=$dur" \
    -i "$work/a1.mka" -i "$work/a2.mka" -i "$work/a3.mka" -i "$work/a4.mka" \
    -map 0:v -map 1:a -map 2:a -map 3:a -map 4:a \
    -c:v libx264 -preset veryfast -g 25 -pix_fmt yuv420p -c:a copy \
    -metadata title="tplay demo" \
    -metadata:s:v:0 title="Test pattern" \
    -metadata:s:a:0 language=eng -metadata:s:a:0 title="English" \
    -metadata:s:a:1 language=ger -metadata:s:a:1 title="Deutsch (Übersetzung)" \
    -metadata:s:a:2 language=eng -metadata:s:a:2 title="Director's commentary" \
    -metadata:s:a:3 language=eng -metadata:s:a:3 title="Audio description" \
    -disposition:v:0 default \
    -disposition:a:0 default+original -disposition:a:1 dub \
    -disposition:a:2 comment -disposition:a:3 visual_impaired \
    "$work/demo.mkv"
mv "$work/demo.mkv" "$out"
echo "make-demo: wrote $out" >&2
