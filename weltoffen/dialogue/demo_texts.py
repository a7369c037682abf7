"""Texts of the demo dialogue processes (German, invented for the demo)."""

#: (title, text, votes for, against, abstain, department, response history
#:  [(state, reason, days after the vote)], progress [(percent, days after the vote, note)])
RECOMMENDATIONS = [
    ("Durchgehendes Radwegenetz bis 2030",
     "Die Stadt schließt die Lücken im Radwegenetz zwischen Innenstadt, Letmathe und Hennen bis 2030 "
     "und baut die Verbindungen baulich getrennt vom Autoverkehr.",
     55, 3, 2, "Tiefbauamt", [("adopted", "", 60)],
     [(15, 90, "Planung der Verbindung Innenstadt–Letmathe beauftragt."),
      (35, 140, "Erster Abschnitt an der Hagener Straße im Bau.")]),
    ("Sichere Schulwege",
     "An allen Grundschulen werden Schulwegpläne erstellt; Elterntaxi-Zonen werden aus dem unmittelbaren "
     "Umfeld der Schulen verlegt.",
     57, 1, 2, "Schulverwaltungsamt", [("adopted", "", 55)],
     [(60, 120, "Schulwegpläne für 9 von 15 Grundschulen fertig.")]),
    ("Taktverdichtung im Busverkehr",
     "Die Hauptlinien fahren werktags von 6 bis 20 Uhr mindestens alle 15 Minuten.",
     52, 5, 3, "Amt für Mobilität",
     [("under_review", "Die Kosten werden mit dem Verkehrsunternehmen ermittelt; eine Entscheidung fällt "
       "mit dem Nahverkehrsplan.", 50),
      ("adopted_in_part", "Der 15-Minuten-Takt kommt auf den zwei meistgenutzten Linien; für die übrigen "
       "Linien fehlen Fahrzeuge und Personal.", 110)],
     [(20, 140, "Fahrplanentwurf für die Linien 1 und 6 liegt vor.")]),
    ("Sozialticket für 19 Euro",
     "Menschen mit geringem Einkommen erhalten ein Monatsticket für den Nahverkehr zum Preis von 19 Euro.",
     50, 6, 4, "Sozialamt",
     [("adopted_in_part", "Das Sozialticket kommt, wegen der Haushaltslage zunächst für 29 Euro; der Preis "
       "wird nach einem Jahr überprüft.", 70)], []),
    ("Verkehrsberuhigte Innenstadt",
     "Die Fußgängerzone wird um den Alten Rathausplatz erweitert; Lieferverkehr ist nur bis 11 Uhr erlaubt.",
     49, 8, 3, "Stadtplanungsamt", [], []),
    ("Mobilstationen in jedem Stadtteil",
     "In jedem Stadtteil entsteht eine Mobilstation mit Bushaltestelle, Leihrädern, Carsharing und "
     "überdachten Fahrradbügeln.",
     51, 4, 5, "Amt für Mobilität", [], []),
    ("Barrierefreie Haltestellen",
     "Bis 2028 werden alle Bushaltestellen mit Hochbord und Blindenleitsystem ausgestattet.",
     58, 0, 2, "Tiefbauamt", [("adopted", "", 45)],
     [(20, 100, "24 Haltestellen umgebaut."), (25, 230, "Keine weiteren Umbauten, Fördermittel ausstehend.")]),
    ("Bürgerbus für die Ortsteile",
     "Ein ehrenamtlich gefahrener Bürgerbus verbindet die kleinen Ortsteile mit den Versorgungszentren.",
     53, 2, 5, "Amt für Mobilität", [("adopted", "", 65)], [(80, 150, "Verein gegründet, Fahrzeug bestellt.")]),
    ("Tempo 30 in Wohngebieten",
     "In allen Wohngebieten gilt Tempo 30, auch auf Durchgangsstraßen mit Wohnbebauung, soweit das "
     "Straßenverkehrsrecht es zulässt.",
     48, 9, 3, "Straßenverkehrsbehörde",
     [("rejected", "Auf den Durchgangsstraßen erlaubt das Straßenverkehrsrecht Tempo 30 nur an Gefahrenstellen; "
       "in den Wohngebieten gilt es bereits.", 80)], []),
    ("Jährlicher Mobilitätsbericht",
     "Die Verwaltung berichtet jährlich öffentlich, wie weit die Empfehlungen des Bürgerrats umgesetzt sind.",
     59, 0, 1, "Büro der Bürgermeisterin", [("adopted", "", 40)],
     [(100, 90, "Erster Bericht im Rat vorgestellt.")]),
    ("Kostenloser Nahverkehr an Samstagen",
     "Busse in der Innenstadt sind samstags kostenlos, um den Einzelhandel zu stärken.",
     38, 17, 5, "Amt für Mobilität",
     [("rejected", "Die Einnahmeausfälle von rund 400.000 Euro im Jahr kann die Stadt nicht tragen.", 75)], []),
    ("Parkgebühren nach Fahrzeuggröße",
     "Anwohnerparkausweise kosten je nach Größe des Fahrzeugs unterschiedlich viel.",
     35, 20, 5, "Straßenverkehrsbehörde",
     [("under_review", "Die Verwaltung wartet das Urteil zu Freiburger Gebührensatzung ab und legt dann eine "
       "rechtssichere Satzung vor.", 85)], []),
    ("Lastenräder zum Ausleihen",
     "An den Bibliotheken und Stadtteilzentren können Lastenräder kostenlos ausgeliehen werden.",
     44, 8, 8, "Umweltamt", [("adopted", "", 60)], [(50, 130, "Drei Lastenräder an zwei Standorten.")]),
    ("Seilbahn zum Seilersee",
     "Eine Seilbahn verbindet den Bahnhof mit dem Seilersee.",
     30, 24, 6, "Stadtplanungsamt",
     [("adopted_in_part", "Eine Seilbahn ist nicht förderfähig; geprüft wird stattdessen eine direkte "
       "Buslinie in der Saison.", 90)], []),
]

MINUTES = [
    "## Auftakt\n\nBegrüßung durch die Bürgermeisterin, Vorstellung des Mandats: **Jede Empfehlung mit "
    "mindestens 80 % Zustimmung wird umgesetzt oder binnen 3 Monaten im Rat beantwortet.**\n\n"
    "- Input: Wie sind die Iserlohnerinnen und Iserlohner heute unterwegs?\n- Kleingruppen: eigene Wege",
    "## Fachleute hören\n\n- Verkehrsunternehmen: Takt, Kosten, Personal\n- Radverkehr: Netzlücken\n"
    "- Seniorenbeirat: Barrieren an Haltestellen",
    "## Empfehlungen entwerfen\n\nVier Arbeitsgruppen entwerfen 21 Empfehlungen, die Redaktionsgruppe "
    "fasst sie zu 14 zusammen.",
    "## Abstimmung\n\nAbstimmung über 14 Empfehlungen; 10 erreichen mindestens 80 % Zustimmung. "
    "Übergabe an die Bürgermeisterin.",
]
