"""Django's date and number formats as each of our languages writes them (settings.FORMAT_MODULE_PATH).

Django's own Mongolian formats print "20 12-Р Сар 2026" and group no digits ("3578939"); its English ones
are American ("Dec. 6, 2026, 2:24 p.m."). These modules come first; what they leave out falls back to
Django's. kakehashi.core.dates and kakehashi.core.numbers write the same forms outside templates."""
