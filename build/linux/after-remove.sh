#!/bin/sh
# deb post-remove: forget the corpus manifest type.
xdg-mime uninstall --mode system '/opt/Hashiya/resources/hashiya-mime.xml' >/dev/null 2>&1 || rm -f /usr/share/mime/packages/hashiya-hashiya-mime.xml
update-mime-database /usr/share/mime >/dev/null 2>&1 || true
update-desktop-database /usr/share/applications >/dev/null 2>&1 || true
