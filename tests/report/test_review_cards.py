"""The review cards: which items become cards, what is on them, their ids and links back."""

from __future__ import annotations

from conftest import SEED_IN_VAULT, VAULT
from vaulttool import load
from vaulttool.analyse import Analysis
from vaulttool.analyse.review import CATEGORIES, PreviousCard, obsidian_uri

K_BLOCK = "```nernst\nion: K+\ninside: 140 mM\noutside: 5 mM\ntemperature: 37 °C\nexpect: -89 mV\n```\n"


def cards_by_line(root, include=("corrected", "partial", "verified"), path=None):
    sheet = Analysis(load(root)).review(include)
    return {c.position.line: c for c in sheet.cards if path is None or c.position.path == path}


def test_seed_cards_by_default():
    """Corrected (5, 13) and partial (8) become cards; the open items (19, 20) only when asked."""
    cards = cards_by_line(VAULT, path=SEED_IN_VAULT)
    assert {line: c.category for line, c in cards.items()} == {5: "corrected", 8: "partial", 13: "corrected"}
    with_open = cards_by_line(VAULT, CATEGORIES, path=SEED_IN_VAULT)
    assert {line: c.category for line, c in with_open.items() if c.category == "open"} == {19: "open", 20: "open"}


def test_seed_claim_card_front_back_and_first_guess():
    card = cards_by_line(VAULT, path=SEED_IN_VAULT)[5]
    assert card.front == "A membrane potential is measured as follows : ~~V_out - V_in~~"
    assert (card.original, card.back, card.kind) == ("V_out - V_in", "V_in-V_out", "claim")
    assert card.note == "Ionic Basis of the Resting Membrane Potential, part 1"


def test_uri_is_the_one_the_vault_itself_uses():
    """Index.md links the seed note with an obsidian:// URI written in Obsidian: the card's must match."""
    card = cards_by_line(VAULT, path=SEED_IN_VAULT)[5]
    index = (VAULT / "Index.md").read_text(encoding="utf-8")
    assert card.uri in index
    assert card.uri == (
        "obsidian://open?vault=Obsidian%20Vault&file=Medical%20Neuroscience%2F"
        "Ionic%20Basis%20of%20the%20Resting%20Membrane%20Potential%2C%20part%201"
    )


def test_uri_encoding_per_obsidian_help():
    """Obsidian help, "Obsidian URI": `obsidian://open?vault=my%20vault&file=my%20note` opens
    `my note.md`; `/` must be encoded as `%2F` and spaces as `%20`; the `md` extension may be omitted."""
    assert obsidian_uri("my vault", "my note.md") == "obsidian://open?vault=my%20vault&file=my%20note"
    assert obsidian_uri("v", "a/b & c#d.md") == "obsidian://open?vault=v&file=a%2Fb%20%26%20c%23d"
    assert obsidian_uri("v", "paper.pdf") == "obsidian://open?vault=v&file=paper.pdf"


def test_vault_name_is_the_folder_name_without_settings(make_vault):
    root = make_vault({"n.md": "- #hypothesis : x #explanation : no, y\n"})
    (card,) = Analysis(load(root)).review().cards
    assert card.uri == "obsidian://open?vault=vault&file=n"
    assert Analysis(load(root)).review().deck == "vault"
    assert Analysis(load(root)).review(deck="Neuro").deck == "Neuro"


def only_id(root) -> str:
    (card,) = Analysis(load(root)).review().cards
    return card.id


def test_ids_follow_the_text_not_the_line(make_vault):
    item = "- #hypothesis : the pump is electrogenic #explanation : no, mostly indirect\n"
    first = only_id(make_vault({"n.md": item}))
    moved = only_id(make_vault({"n.md": "# Pumps\n\nsome text\n\n" + item}))
    edited = only_id(make_vault({"n.md": item.replace("electrogenic", "electrogenic a bit")}))
    assert moved == first
    assert edited != first


def test_ids_ignore_case_punctuation_white_space_and_markup(make_vault):
    """Issue 13: the text a card's id hashes leaves out case, punctuation, white space and
    Markdown markup, so tidying them up keeps the card."""
    plain = only_id(make_vault({"n.md": "- #hypothesis : the pump is electrogenic #explanation : no\n"}))
    tidied = only_id(make_vault({"n.md": "- #hypothesis :  The pump is   *electrogenic*. #explanation : no\n"}))
    assert tidied == plain


def test_ids_ignore_the_folder_and_the_vault_name(make_vault, tmp_path):
    """Moving a note to another folder, or the vault to a folder of another name (or giving it
    another name in `.vaulttool.toml`), keeps every card's id: only the note's file name counts."""
    item = "- #hypothesis : x #explanation : no, y\n"
    first = only_id(make_vault({"Membranes/n.md": item}))
    (tmp_path / "vault" / "Membranes").rename(tmp_path / "vault" / "Neuro")
    assert only_id(tmp_path / "vault") == first
    (tmp_path / "vault").rename(tmp_path / "Renamed vault")
    assert only_id(tmp_path / "Renamed vault") == first
    (tmp_path / "Renamed vault" / ".vaulttool.toml").write_text('[vault]\nnames = ["Other"]\n', encoding="utf-8")
    assert only_id(tmp_path / "Renamed vault") == first


def test_ids_depend_on_the_note_file_name(make_vault):
    item = "- #hypothesis : x #explanation : no, y\n"
    a, b = Analysis(load(make_vault({"a.md": item, "b.md": item}))).review().cards
    assert a.id != b.id


def test_a_block_id_keeps_the_card_through_any_rewording(make_vault):
    """Obsidian help, "Internal links › Link to a block": `^id` at the end of a paragraph or list
    item names that block. With one, the card's id is the note's file name and the block id."""
    first = only_id(make_vault({"n.md": "- #hypothesis : the pump is electrogenic #explanation : no ^pump\n"}))
    reworded = only_id(make_vault({"n.md": "- #hypothesis : pumps make the inside negative #explanation : no ^pump\n"}))
    without = only_id(make_vault({"n.md": "- #hypothesis : pumps make the inside negative #explanation : no\n"}))
    assert reworded == first
    assert without != first


def test_two_items_in_one_block_get_distinct_ids(make_vault):
    text = "#hypothesis : a #explanation : no, b #hypothesis : c #explanation : no, d ^both\n"
    ids = [card.id for card in Analysis(load(make_vault({"n.md": text}))).review().cards]
    assert len(ids) == 2 and len(set(ids)) == 2


def test_equal_texts_in_one_note_get_distinct_ids(make_vault):
    item = "- #hypothesis : same #explanation : no, other\n"
    ids = [c.id for c in Analysis(load(make_vault({"n.md": item + item}))).review().cards]
    assert len(ids) == 2 and len(set(ids)) == 2


def test_a_small_edit_keeps_the_previous_id(make_vault):
    """Issue 13: given the previous deck, a card whose normalised text is close enough to an old
    card's (difflib ratio >= 0.9, same note file name or old path) keeps the old id. difflib's
    ratio is 2*M/T (Python docs, SequenceMatcher.ratio): "the pump is electrogenic" against
    "the pump is electrogenik" matches 23 of 24 + 24 characters, 46/48 = 0.958."""
    vault = make_vault({"Old/n.md": "- #hypothesis : the pump is electrogenik #explanation : no\n"})
    (old,) = Analysis(load(vault)).review().cards
    previous = (PreviousCard(old.id, "Old/n.md", old.words),)
    vault = make_vault({"Old/n.md": "- #hypothesis : the pump is electrogenic #explanation : no\n"})
    (fixed,) = Analysis(load(vault)).review(previous=previous).cards
    assert fixed.id == old.id
    (fresh,) = Analysis(load(vault)).review().cards
    assert fresh.id != old.id  # without the previous deck, the edit is a new card


def test_a_rewrite_or_another_note_gets_a_new_id(make_vault):
    """ "the pump is electrogenic" against "pumps make the inside negative" is far below 0.9; a
    close text in a note of another file name at another path is another card."""
    previous = (PreviousCard("old-guid", "n.md", "the pump is electrogenik"),)
    vault = make_vault(
        {
            "n.md": "- #hypothesis : pumps make the inside negative #explanation : no\n",
            "m.md": "- #hypothesis : the pump is electrogenic #explanation : no\n",
        }
    )
    cards = Analysis(load(vault)).review(previous=previous).cards
    assert "old-guid" not in {card.id for card in cards}


def test_an_old_id_is_given_once(make_vault):
    previous = (PreviousCard("old-guid", "n.md", "the pump is electrogenik"),)
    item = "- #hypothesis : the pump is electrogenic #explanation : no\n"
    cards = Analysis(load(make_vault({"n.md": item + item}))).review(previous=previous).cards
    assert [card.id == "old-guid" for card in cards] == [True, False]


def test_claim_in_the_block_directly_under_belongs_to_the_item(make_vault):
    """E_K for K+ 140 mM in / 5 mM out at 37 °C is −89.06 mV (Purves, table 2.1; issue 5's vector)."""
    root = make_vault({"n.md": "- #hypothesis : E_K is about -89 mV #verifed : yes\n\n" + K_BLOCK})
    (card,) = Analysis(load(root)).review().cards
    (claim,) = card.numbers
    assert (claim.calculator, claim.result, claim.position.line) == ("nernst", "pass", 3)
    assert round(claim.computed_mV, 2) == -89.06


def test_claim_after_another_paragraph_does_not_belong(make_vault):
    root = make_vault({"n.md": "- #hypothesis : E_K is about -89 mV #verifed : yes\n\nsomething else\n\n" + K_BLOCK})
    (card,) = Analysis(load(root)).review().cards
    assert card.numbers == ()


def test_claim_in_the_same_unit_belongs(make_vault):
    root = make_vault(
        {"n.md": "- E_K : ~~+89 mV~~ #to_verify #verifed : `nernst: K+ in 140 mM, out 5 mM, 37 °C => -89 mV`\n"}
    )
    (card,) = Analysis(load(root)).review().cards
    assert [c.result for c in card.numbers] == ["pass"]
    assert card.category == "corrected"


def test_sample_vault_hypothesis_with_its_nernst_block():
    """Part 2, line 25: E_K "around −90 mV", verified, with the nernst block right under it (line 27)."""
    cards = cards_by_line(VAULT, path="Medical Neuroscience/Ionic Basis of the Resting Membrane Potential, part 2.md")
    assert [(c.position.line, c.result) for c in cards[25].numbers] == [(27, "pass")]


def test_card_tags_are_the_notes_own_without_lifecycle_tags(make_vault):
    root = make_vault({"n.md": "---\ntags: [neuro/glia]\n---\n- #hypothesis : x #explanation : no, y #Cells\n"})
    (card,) = Analysis(load(root)).review().cards
    assert card.tags == ("Cells", "neuro/glia")


def test_cards_in_path_and_line_order():
    cards = Analysis(load(VAULT)).review(CATEGORIES).cards
    keys = [(c.position.path, c.position.line, c.position.column) for c in cards]
    assert keys == sorted(keys)
