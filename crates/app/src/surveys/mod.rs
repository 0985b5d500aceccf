//! Surveys as their authors write them: a survey file read with every
//! mistake located (`file`), and a definition stored only when it changed
//! (`apply`).

pub mod apply;
pub mod file;
