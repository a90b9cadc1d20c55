"""Printed documents with reportlab. Reports take plain data from services, never queries."""
