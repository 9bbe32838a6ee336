"""The Lark grammar of an annual report, shipped as package data."""
