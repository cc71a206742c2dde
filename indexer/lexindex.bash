# lexindex.bash - bash completion for lexindex(1).
#
# Installed as share/bash-completion/completions/lexindex.  Completes
# options and, for PATH, files and directories.

_lexindex()
{
    local cur prev
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    case $prev in
    --index)
        compopt -o dirnames 2>/dev/null
        COMPREPLY=()
        return
        ;;
    --wait | --batch | --jobs | --shards)
        COMPREPLY=()
        return
        ;;
    esac
    case $cur in
    -*)
        mapfile -t COMPREPLY < <(compgen -W "--index --wait --batch --jobs --rebuild
            --shards --check --compact --stats --dump --quiet --verbose --help
            --version" \
            -- "$cur")
        ;;
    *)
        compopt -o default 2>/dev/null
        COMPREPLY=()
        ;;
    esac
}
complete -F _lexindex lexindex
