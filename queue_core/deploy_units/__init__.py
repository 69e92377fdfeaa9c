"""The templates of the systemd units, users and folders that `luot-core deploy units` fills in
(package data, so that an installed core can write them): ``{{name}}`` marks a value."""
