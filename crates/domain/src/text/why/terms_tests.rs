use super::{BOUNDARY, Vocabulary};

/// The comment's words as shown, `|` for a clause boundary.
fn shown(vocabulary: &mut Vocabulary, comment: &str) -> Vec<String> {
    let mut ids = Vec::new();
    vocabulary.words_of(comment, &mut ids);
    ids.iter()
        .map(|&id| if id == BOUNDARY { "|".to_owned() } else { vocabulary.words[id as usize].display.clone() })
        .collect()
}

#[test]
fn words_are_lower_cased_and_clauses_separated() {
    let mut vocabulary = Vocabulary::new(Some("en"));
    assert_eq!(shown(&mut vocabulary, "On HOLD, for ages!!"), ["on", "hold", "|", "for", "ages"]);
    assert_eq!(shown(&mut vocabulary, "... 10/10"), ["10", "10"], "no boundary before the first word");
}

#[test]
fn folding_makes_one_word_shown_as_first_written() {
    let mut vocabulary = Vocabulary::new(Some("fr"));
    let mut ids = Vec::new();
    vocabulary.words_of("Remboursé ! rembourse REMBOURSÉ", &mut ids);
    assert_eq!(ids, [0, BOUNDARY, 0, 0]);
    assert_eq!(vocabulary.words[0].display, "remboursé", "accents kept for display");
}

#[test]
fn french_elision_is_split_and_shown_joined() {
    let mut vocabulary = Vocabulary::new(Some("fr"));
    let mut ids = Vec::new();
    vocabulary.words_of("L’attente, qu'il", &mut ids);
    let words: Vec<&str> =
        ids.iter().filter(|&&id| id != BOUNDARY).map(|&id| &*vocabulary.words[id as usize].display).collect();
    assert_eq!(words, ["l’", "attente", "qu'", "il"]);
    assert_eq!(vocabulary.pair_display(ids[0], ids[1]), "l’attente");
    assert!(vocabulary.words[ids[0] as usize].stop, "l' is the article l");
}

#[test]
fn english_contractions_stay_whole() {
    let mut vocabulary = Vocabulary::new(Some("en"));
    assert_eq!(shown(&mut vocabulary, "It's not, it wasn't"), ["it's", "not", "|", "it", "wasn't"]);
    let mut ids = Vec::new();
    vocabulary.words_of("it’s", &mut ids);
    assert!(vocabulary.words[ids[0] as usize].stop, "curly and straight apostrophes alike");
    assert!(!vocabulary.words[1].stop, "negations are kept");
}

#[test]
fn japanese_pairs_are_shown_without_a_space() {
    let mut vocabulary = Vocabulary::new(Some("ja"));
    let mut ids = Vec::new();
    vocabulary.words_of("待ち時間。オペレーター", &mut ids);
    let words: Vec<&str> =
        ids.iter().filter(|&&id| id != BOUNDARY).map(|&id| &*vocabulary.words[id as usize].display).collect();
    assert_eq!(words, ["待", "ち", "時", "間", "オペレーター"]);
    assert_eq!(ids[4], BOUNDARY);
    assert_eq!(vocabulary.pair_display(ids[2], ids[3]), "時間");
    assert!(vocabulary.words[ids[1] as usize].single, "a lone kana is no term");
    assert!(!vocabulary.words[ids[0] as usize].single, "a lone ideograph is");
}

#[test]
fn unknown_languages_use_every_list() {
    let mut vocabulary = Vocabulary::new(None);
    let mut ids = Vec::new();
    vocabulary.words_of("the und les los billing", &mut ids);
    let stops: Vec<bool> = ids.iter().map(|&id| vocabulary.words[id as usize].stop).collect();
    assert_eq!(stops, [true, true, true, true, false]);
}
