#!/bin/sh
# deb post-install: teach the system that a file named hashiya.json is a Hashiya corpus, and
# register the desktop entry (so "Open with Hashiya" is offered for it).
xdg-mime install --mode system '/opt/Hashiya/resources/hashiya-mime.xml' >/dev/null 2>&1 || true
update-mime-database /usr/share/mime >/dev/null 2>&1 || true
update-desktop-database /usr/share/applications >/dev/null 2>&1 || true
