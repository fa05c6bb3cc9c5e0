# shell helpers
