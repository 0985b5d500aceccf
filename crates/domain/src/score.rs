//! The answer to "How likely are you to recommend us?" and its category.

use std::fmt;

/// A score on the 0–10 scale; holding one proves it is in range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Score(u8);

/// Why a value is not a score.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    #[error("score is missing")]
    Missing,
    #[error("score {0:?} is not a whole number from 0 to 10")]
    NotANumber(String),
    #[error("score {0} is outside 0–10")]
    OutOfRange(i64),
}

/// Promoters 9–10, passives 7–8, detractors 0–6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Detractor,
    Passive,
    Promoter,
}

impl Score {
    pub const MAX: u8 = 10;

    pub fn new(value: i64) -> Result<Self, ScoreError> {
        if (0..=i64::from(Self::MAX)).contains(&value) {
            Ok(Score(value as u8))
        } else {
            Err(ScoreError::OutOfRange(value))
        }
    }

    /// Parses text such as `"9"`, `" 10 "` or `"7.0"`; rejects `"7.5"`, `"ten"`, `""`.
    pub fn parse(text: &str) -> Result<Self, ScoreError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(ScoreError::Missing);
        }
        let whole = trimmed.strip_suffix(".0").or_else(|| trimmed.strip_suffix(".00")).unwrap_or(trimmed);
        match whole.parse::<i64>() {
            Ok(v) => Self::new(v),
            Err(_) => Err(ScoreError::NotANumber(trimmed.chars().take(40).collect())),
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }

    pub fn category(self) -> Category {
        match self.0 {
            9..=10 => Category::Promoter,
            7..=8 => Category::Passive,
            _ => Category::Detractor,
        }
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_follow_the_net_promoter_bands() {
        let cats: Vec<Category> = (0..=10).map(|v| Score::new(v).unwrap().category()).collect();
        assert_eq!(&cats[..7], &[Category::Detractor; 7]);
        assert_eq!(&cats[7..9], &[Category::Passive; 2]);
        assert_eq!(&cats[9..], &[Category::Promoter; 2]);
    }

    #[test]
    fn parsing_accepts_whole_numbers_only() {
        assert_eq!(Score::parse(" 10 ").unwrap().value(), 10);
        assert_eq!(Score::parse("7.0").unwrap().value(), 7);
        assert_eq!(Score::parse(""), Err(ScoreError::Missing));
        assert_eq!(Score::parse("11"), Err(ScoreError::OutOfRange(11)));
        assert_eq!(Score::parse("-1"), Err(ScoreError::OutOfRange(-1)));
        assert!(matches!(Score::parse("7.5"), Err(ScoreError::NotANumber(_))));
        assert!(matches!(Score::parse("ten"), Err(ScoreError::NotANumber(_))));
    }
}
