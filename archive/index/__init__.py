"""The full-text index, derived from SQLite: the only package that imports Whoosh.

One index entry per email (quoted copies included, flagged) and one per page that belongs
to no email, so nothing in a release is unsearchable. The index stores ids and sort keys
only; text for display and highlights comes from SQLite. An index built with another schema
version is rebuilt, never misread.

The interface (what ``archive.archive``, ``archive.search`` and ``web`` use; another
engine goes behind the same one)::

    index = SearchIndex(root, cache_postings=N)   # a folder; N postings kept decoded (0: none)
    index.exists() / index.is_current()           # built at all / with this SCHEMA_VERSION
    index.check()                                 # raise IndexUnavailable unless searchable now
    index.replace_documents([(document id, [IndexEntry, ...]), ...])  # one commit
    index.rebuild(iterator of IndexEntry, procs=2)  # a fresh generation, switched atomically
    index.search(parsed query, filters=, release=, sort=, offset=, limit=, include_quoted=,
                 facets=, allowed_releases=, copies=) -> IndexResult  # exact total, a page, facet counts
    index.highlight(parsed query) -> Highlight    # the words a query marks, without searching
    index.keys() / index.doc_count() / index.close()

    entry_for_email(email, source, page_bates) / entry_for_page(page) /
    entry_outside_emails(page, spans) -> IndexEntry
    FACET_FIELDS, facet_term(facet, value)        # the facets, and the term a filter searches

What another engine shares with this one, so both give one meaning (``archive.tantivy_engine``
uses them): ``words`` and ``stem`` (the analysis), ``FacetColumn`` and ``FACET_SIZE`` (facet
counts), ``Generations`` (the folder's layout), ``SharedSnapshot`` (one snapshot per process,
its lock and its renewal), ``MAX_EXPANSIONS``,
``MAX_PATTERNS``, ``MAX_UNANCHORED`` (the bounds), ``fold`` and ``tally`` (quoted copies folded
into the emails quoting them), ``fold_copies`` (``copies=``: (copy key, key of the copy it folds
into) pairs, copies of one message printed in other documents), and ``QueryParts`` (what a search collects of
its query: the scoring parts, the highlighted words, the wildcards expanded within the bounds),
``with_filters`` (a query and its filters as one tree).

Errors: ``archive.errors.IndexUnavailable`` (missing, another version, damaged), whose
message names the remedy (`foia reindex`). A ``SearchIndex`` may be shared by threads.

How the Whoosh engine answers (Whoosh is pure Python; it stores the postings and looks up
terms and wildcards; this package reads whole posting blocks and answers the query itself):

- ``schema``: the fields on disk, analysis, Whoosh's storage and merge policy;
- ``entries``: what goes in; ``results``: what comes out (hits, highlights);
- ``snapshot``: one searcher and its columns (keys, dates, facets) and caches (``caches``);
- ``postings`` (with ``whoosh_private``, the one reader of Whoosh's internals) and
  ``terms``: postings, units, occurrences, the vocabulary;
- ``plan``: the syntax tree as exact docnum sets; ``spans``: phrases and proximity;
  ``ranking``: BM25F as Whoosh computes it, or date order; ``facets``: facet counts;
- ``engine``: ``SearchIndex``, the folder and its generations (``generations``).
"""

from .engine import SearchIndex
from .entries import (
    IndexEntry,
    bates_key,
    entry_for_email,
    entry_for_page,
    entry_outside_emails,
    party_facet,
)
from .facets import FACET_FIELDS, FACET_SIZE, FacetColumn, facet_term, narrowed_counts, values_of
from .folding import MAX_CHAIN, CopyPairs, Folded, fold, fold_copies, folders, sorted_union, tally
from .generations import Generations
from .plan import MAX_EXPANSIONS, MAX_PATTERNS, MAX_UNANCHORED, QueryParts, with_filters
from .results import Highlight, IndexHit, IndexResult
from .schema import SCHEMA_VERSION, VERSION_FILE, stem, words
from .shared import SharedSnapshot

__all__ = [
    "FACET_FIELDS", "FACET_SIZE", "MAX_CHAIN", "MAX_EXPANSIONS", "MAX_PATTERNS", "MAX_UNANCHORED", "SCHEMA_VERSION",
    "VERSION_FILE", "CopyPairs", "FacetColumn", "Folded", "Generations", "Highlight", "IndexEntry", "IndexHit", "IndexResult", "QueryParts", "SearchIndex",
    "SharedSnapshot",
    "bates_key", "entry_for_email", "entry_for_page", "entry_outside_emails", "facet_term", "fold", "fold_copies", "folders", "sorted_union",
    "narrowed_counts", "party_facet", "stem", "tally", "values_of", "with_filters", "words",
]
