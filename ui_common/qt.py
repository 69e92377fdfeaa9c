"""Every Qt import of the apps goes through here, so a Qt upgrade is one file to read."""

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

__all__ = ["QObject", "QThread", "QTimer", "Qt", "QtCore", "QtGui", "QtWidgets", "Signal", "Slot"]
