# lexsearch.bash - bash completion for lexsearch(1).
#
# Installed as share/bash-completion/completions/lexsearch.  Completes
# options, their values, and the query language's field prefixes.

# _lexsearch_ids agencies|laws: the gazetteer ids, from the first data
# directory that has the file ($LEXSEARCH_DATADIR, beside this script's
# install location, then the usual prefixes).
_lexsearch_ids()
{
    local dir here
    here=$(dirname "${BASH_SOURCE[0]}")
    for dir in "${LEXSEARCH_DATADIR:-}" "$here/../../lexsearch" \
        /usr/local/share/lexsearch /usr/share/lexsearch; do
        if [ -n "$dir" ] && [ -r "$dir/$1.tsv" ]; then
            grep -v '^#' "$dir/$1.tsv" | cut -f1 | grep -v '^$'
            return
        fi
    done
}

_lexsearch()
{
    local cur prev words
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    # an option's value: words for those that take one of a list, else
    # files for --index and nothing for the rest
    case $prev in
    --index)
        compopt -o default 2>/dev/null
        COMPREPLY=()
        return
        ;;
    --format) words="text json ndjson" ;;
    --color) words="auto always never" ;;
    --sort) words="relevance newest oldest" ;;
    --agency) words=$(_lexsearch_ids agencies) ;;
    -n | --limit | --offset | --since | --until | --section | --like | --timeout)
        COMPREPLY=()
        return
        ;;
    esac
    if [ -n "${words+set}" ]; then
        mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
        return
    fi
    case $cur in
    --*)
        mapfile -t COMPREPLY < <(compgen -W "--index --limit --offset --sort
            --count --facets --since --until --section --agency --like --exact
            --explain --format --color --new --partial --timeout --help
            --version" -- "$cur")
        ;;
    agency:* | law:*)
        local kind=agencies
        [ "${cur%%:*}" = law ] && kind=laws
        mapfile -t COMPREPLY < <(compgen -P "${cur%%:*}:" \
            -W "$(_lexsearch_ids "$kind")" -- "${cur#*:}")
        ;;
    *)
        compopt -o nospace 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -W "title: body: section: bulletin:
            site: date: agency: law:" -- "$cur")
        ;;
    esac
}
complete -F _lexsearch lexsearch
