//! Server-made SVG charts (being built).
