# lexsearch.bash - bash completion for lexsearch(1).
#
# Installed as share/bash-completion/completions/lexsearch.  Completes
# options, their values, and the query language's field prefixes.

_lexsearch()
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
    --format)
        mapfile -t COMPREPLY < <(compgen -W "text json ndjson" -- "$cur")
        return
        ;;
    --color)
        mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur")
        return
        ;;
    --sort)
        mapfile -t COMPREPLY < <(compgen -W "relevance newest oldest" -- "$cur")
        return
        ;;
    -n | --limit | --offset | --since | --until | --section | --like)
        COMPREPLY=()
        return
        ;;
    esac
    case $cur in
    --*)
        mapfile -t COMPREPLY < <(compgen -W "--index --limit --offset --sort
            --count --facets --since --until --section --like --exact
            --explain --format --color --new --help --version" -- "$cur")
        ;;
    *)
        compopt -o nospace 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -W "title: body: section: bulletin:
            site: date:" -- "$cur")
        ;;
    esac
}
complete -F _lexsearch lexsearch
