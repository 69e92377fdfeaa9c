"""Databases written by earlier releases of Lượt, and the script that writes this release's."""
