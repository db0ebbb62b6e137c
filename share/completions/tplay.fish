# fish completion for tplay: its options (those of tplay --help), their
# values where the set is known, and files.  The languages are those the
# bash completion offers; --alang and --slang take a comma-separated list
# of them.

# The languages, each after what the token already holds up to its last
# comma, so that a list goes on: "ja,e" offers "ja,en" and "ja,es".
function __tplay_langs
    set -l head (string match -r '^(?:.*,)?' -- (commandline -ct))
    # Rather than "--alang=" or "--slang=": the value alone.
    set head (string replace -r '^--[as]lang=' '' -- $head)
    for lang in en\tEnglish ja\tJapanese de\tGerman fr\tFrench es\tSpanish \
            it\tItalian pt\tPortuguese pt-BR\t'Brazilian Portuguese' \
            zh\tChinese zh-Hant\t'Chinese in traditional script' \
            ko\tKorean ru\tRussian
        printf '%s%s\n' $head $lang
    end
end

# ALSA's device names as `arecord -L` or `aplay -L` ($argv[1]) lists them.
function __tplay_pcms
    echo default
    command -q $argv[1]; and $argv[1] -L 2>/dev/null | string match -rv '^\s'
end

complete -c tplay -s h -l help -d 'Show this help and exit'
complete -c tplay -s V -l version -d 'Show the version and exit'
complete -c tplay -l list-tracks -d "Print each file's tracks as JSON and exit"
complete -c tplay -l list-keys -d 'Print the key bindings and exit'
complete -c tplay -l input-conf -r -F -d 'Read the key bindings from this file'
complete -c tplay -l sub-file -r -F -d 'Load this subtitle file with each file'
complete -c tplay -l start -x -d 'Start at this time (90, 1:30, -30, 50%)'
complete -c tplay -l no-resume -d 'Start at the beginning, not where the file was left'
complete -c tplay -l shuffle -d 'Play the files in random order'
complete -c tplay -l loop-playlist -d 'After the last file, start the list again'
complete -c tplay -l alang -x -a '(__tplay_langs)' -d 'Preferred audio languages, in order'
complete -c tplay -l slang -x -a '(__tplay_langs)' -d 'Preferred subtitle languages, in order'
complete -c tplay -l no-sub -d 'Show no subtitles, not even forced ones'
complete -c tplay -l config -r -F -d 'Read this file instead of the config files'
complete -c tplay -l no-config -d 'Read no config file'
complete -c tplay -l no-video -d 'Play the sound only'
complete -c tplay -l vo-mode -x -a 'auto symbols half truecolor 256 16 off' -d 'How the picture is drawn'
complete -c tplay -l mpv-opt -x -a 'ao= audio-device= hwdec= volume= cache= demuxer-max-bytes=' -d 'Hand an option to libmpv (KEY=VALUE)'
complete -c tplay -l mic -d 'Monitor the microphone through a lowshelf filter'
complete -c tplay -l mic-device -x -a '(__tplay_pcms arecord)' -d 'ALSA capture device'
complete -c tplay -l mic-output -x -a '(__tplay_pcms aplay)' -d 'ALSA playback device'
complete -c tplay -l mic-frequency -x -d 'Lowshelf frequency (Hz)'
complete -c tplay -l mic-gain -x -d 'Lowshelf gain (dB)'
complete -c tplay -l mic-period -x -d 'Frames per period'
complete -c tplay -l mic-periods -x -d 'Playback periods'
complete -c tplay -l mic-volume -x -d 'Monitor volume (percent)'
