# bash completion for tplay
_tplay()
{
    local cur prev
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    case "$prev" in
        --config|--input-conf|--sub-file)
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
            return ;;
        --alang|--slang)
            COMPREPLY=($(compgen -W "en ja de fr es it pt pt-BR zh zh-Hant ko ru" \
                -- "$cur"))
            return ;;
        --vo-mode)
            COMPREPLY=($(compgen -W "auto symbols half truecolor 256 16 off" -- "$cur"))
            return ;;
        --mic-device)
            COMPREPLY=($(compgen -W "default $(arecord -L 2>/dev/null | grep -v '^ ')" -- "$cur"))
            return ;;
        --mic-output)
            COMPREPLY=($(compgen -W "default $(aplay -L 2>/dev/null | grep -v '^ ')" -- "$cur"))
            return ;;
        --mic-frequency|--mic-gain|--mic-period|--mic-periods|--mic-volume|\
        --start)
            return ;;
        --mpv-opt)
            COMPREPLY=($(compgen -W "ao= audio-device= hwdec= volume= \
                cache= demuxer-max-bytes=" -- "$cur"))
            compopt -o nospace 2>/dev/null
            return ;;
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "--list-tracks --list-keys --alang --slang \
            --no-sub --config \
            --no-config --input-conf --sub-file --no-video --vo-mode --start --no-resume \
            --shuffle \
            --loop-playlist --mpv-opt --mic --mic-device --mic-output \
            --mic-frequency --mic-gain --mic-period --mic-periods --mic-volume \
            --help --version" -- "$cur"))
        return
    fi
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _tplay tplay
