using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util.Automaton;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// The terms of one field that a query asks for, used to mark matches in snippets: exact terms,
/// prefixes and wildcard patterns. Negated clauses contribute nothing.
/// </summary>
internal sealed class QueryTerms
{
    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly List<string> _prefixes = [];
    private readonly List<CharacterRunAutomaton> _patterns = [];

    private QueryTerms()
    {
    }

    public bool IsEmpty => _exact.Count == 0 && _prefixes.Count == 0 && _patterns.Count == 0;

    /// <summary>The exact terms asked for.</summary>
    public IReadOnlyCollection<string> Exact => _exact;

    /// <summary>The prefixes asked for (<c>prefix*</c>).</summary>
    public IReadOnlyList<string> Prefixes => _prefixes;

    /// <summary>True when wildcard patterns are asked for (matched by running them over analysed terms).</summary>
    public bool HasPatterns => _patterns.Count > 0;

    public static QueryTerms From(Query query, string field)
    {
        var terms = new QueryTerms();
        terms.Collect(query, field);
        return terms;
    }

    public bool Matches(string term)
    {
        if (_exact.Contains(term))
        {
            return true;
        }

        foreach (var prefix in _prefixes)
        {
            if (term.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var pattern in _patterns)
        {
            if (pattern.Run(term))
            {
                return true;
            }
        }

        return false;
    }

    private void Collect(Query query, string field)
    {
        switch (query)
        {
            case BooleanQuery boolean:
                foreach (var clause in boolean.Clauses)
                {
                    if (clause.Occur != Occur.MUST_NOT)
                    {
                        Collect(clause.Query, field);
                    }
                }

                break;
            case DisjunctionMaxQuery dismax:
                foreach (var disjunct in dismax.Disjuncts)
                {
                    Collect(disjunct, field);
                }

                break;
            case FilteredQuery filtered:
                Collect(filtered.Query, field);
                break;
            case TermQuery term:
                AddExact(term.Term, field);
                break;
            case PhraseQuery phrase:
                foreach (var term in phrase.GetTerms())
                {
                    AddExact(term, field);
                }

                break;
            case MultiPhraseQuery multiPhrase:
                foreach (var term in multiPhrase.GetTermArrays().SelectMany(t => t))
                {
                    AddExact(term, field);
                }

                break;
            case PrefixQuery prefix when prefix.Prefix.Field == field:
                _prefixes.Add(prefix.Prefix.Text);
                break;
            case WildcardQuery wildcard when wildcard.Term.Field == field:
                _patterns.Add(new CharacterRunAutomaton(WildcardQuery.ToAutomaton(wildcard.Term)));
                break;
            default:
                // Fuzzy, range and match-all queries have no words worth marking.
                break;
        }
    }

    private void AddExact(Term term, string field)
    {
        if (term.Field == field)
        {
            _exact.Add(term.Text);
        }
    }
}
