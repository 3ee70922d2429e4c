"""Articles we wrote in German and Russian, for the tests of other languages and scripts."""

# Reports we wrote in German (two of one event, one of another) and in Russian (a text,
# a trimmed and respelled copy, an unrelated text): reprints and stories in any
# language written in words.
A1 = """Hallbach sperrt die alte Hafenbrücke

HALLBACH - Der Stadtrat von Hallbach hat am Dienstag beschlossen, die alte Hafenbrücke für mindestens ein Jahr zu sperren. Bürgermeisterin Anna Kessler sagte nach der Sitzung, die Brücke sei nach einem Gutachten nicht mehr sicher.

Tausende Pendler müssen nun die Fähre nehmen oder einen Umweg über die Ringstraße fahren. Die Reparatur soll rund zwölf Millionen Euro kosten, teilte die Stadt mit.

Die Opposition kritisierte, dass die Stadt die Sanierung der Hafenbrücke jahrelang verschoben habe."""
A2 = """Hafenbrücke in Hallbach wird ein Jahr lang gesperrt

HALLBACH - Die marode Hafenbrücke in Hallbach bleibt von Mittwoch an geschlossen. Das entschied der Stadtrat am Dienstagabend mit großer Mehrheit, wie Bürgermeisterin Anna Kessler mitteilte.

Ein Gutachten hatte schwere Schäden an den Pfeilern festgestellt. Für die Pendler richtet die Stadt einen zusätzlichen Fährbetrieb ein; die Kosten der Reparatur schätzt Kessler auf zwölf Millionen Euro."""
B = """Streik legt den Flughafen von Korsdorf lahm

KORSDORF - Ein Warnstreik des Bodenpersonals hat am Freitag den Flughafen Korsdorf weitgehend lahmgelegt. Mehr als 200 Flüge fielen aus, Tausende Reisende saßen in den Terminals fest.

Die Gewerkschaft fordert acht Prozent mehr Lohn. Der Flughafenbetreiber nannte den Streik unverhältnismäßig und kündigte ein neues Angebot für die kommende Woche an."""
RU1 = """Городской совет Приморска во вторник проголосовал за закрытие старого портового моста на ремонт, который продлится до конца следующего лета.

Тысячам жителей придётся пользоваться паромом или ехать долгим объездом через промышленную зону, сообщил мэр города Олег Сомов.

По словам мэра, ремонт обойдётся бюджету примерно в двенадцать миллионов рублей, а работы начнутся уже в понедельник.

Оппозиция в совете раскритиковала решение и потребовала провести независимую экспертизу состояния моста."""
RU2 = """Городской совет Приморска во вторник проголосовал за закрытие старого портового моста на ремонт, который продлится до конца будущего лета.

Тысячам жителей придётся пользоваться паромом или ехать долгим объездом через промышленную зону, сообщил мэр Олег Сомов.

По словам мэра, ремонт обойдётся бюджету примерно в двенадцать миллионов рублей."""
RU3 = """Акции судоходной компании резко упали в начале торгов после того, как она предупредила, что рост цен на топливо и более слабый спрос на контейнеры в Азии сократят её годовую прибыль.

Аналитики ожидают, что компания пересмотрит планы по закупке новых судов уже в этом году."""
