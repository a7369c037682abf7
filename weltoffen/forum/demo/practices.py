"""Texts of the demo practices (German, invented for the demo; ideas from public
reports on citizens' assemblies, participatory budgets, local funds and the
"Weltoffene Kommune" programme). Each: municipality AGS, author e-mail local part
(None: entered by the coordination), title, summary, the structured fields, the
dimensions it serves, and its status."""

PRACTICES = [
    {
        "ags": "05911000",  # Bochum
        "author": "leitung.bochum",
        "title": "Bürgerrat mit Losverfahren zur Innenstadtentwicklung",
        "summary": "40 per Los ausgewählte Bochumerinnen und Bochumer haben an vier Samstagen "
        "Empfehlungen für die Innenstadt erarbeitet. Der Rat hat 9 von 12 Empfehlungen übernommen.",
        "initial_situation": "Zu Informationsabenden über die Innenstadt kamen immer dieselben 30 bis 50 "
        "Menschen, überwiegend älter, männlich und ohnehin gut vernetzt. Jüngere, Familien und Menschen mit "
        "Einwanderungsgeschichte waren kaum vertreten, obwohl sie die Innenstadt täglich nutzen.",
        "approach": "1. **Ratsbeschluss** mit Selbstverpflichtung: Der Rat berät jede Empfehlung öffentlich "
        "und begründet Ablehnungen schriftlich.\n"
        "2. **Losverfahren** über das Melderegister: 2.000 Einladungen, geschichtet nach Alter, Geschlecht und "
        "Stadtbezirk; aus 212 Zusagen wurden 40 Teilnehmende gelost.\n"
        "3. **Vier Samstage** mit externer Moderation, Inputs von Fachleuten und Kleingruppen; "
        "Kinderbetreuung und Dolmetschen (Türkisch, Arabisch) vor Ort.\n"
        "4. **Übergabe** der Empfehlungen im Rat, danach halbjährlicher Umsetzungsbericht.",
        "resources": "- Moderation und Dokumentation: 38.000 Euro\n"
        "- Aufwandsentschädigung: 50 Euro pro Sitzungstag und Person (8.000 Euro)\n"
        "- Kinderbetreuung, Dolmetschen, Verpflegung: 6.500 Euro\n"
        "- Projektleitung im Büro des Oberbürgermeisters: 0,5 Stellen für 9 Monate",
        "results": "- Rücklaufquote der Einladungen: 10,6 Prozent\n"
        "- 38 von 40 Teilnehmenden waren an allen vier Tagen dabei\n"
        "- 11 von 40 Teilnehmenden hatten vorher noch nie an einer Beteiligung teilgenommen\n"
        "- 12 Empfehlungen, davon 9 vom Rat beschlossen (u. a. Sitzmöbel ohne Konsumzwang, "
        "Ausweitung der Spielpunkte)\n"
        "- Nachbefragung: 92 Prozent würden wieder teilnehmen",
        "transfer": "Entscheidend ist der Ratsbeschluss vorab: Ohne die Zusage, jede Empfehlung zu beraten, "
        "fühlen sich Geloste nicht ernst genommen. Das Meldeamt muss früh eingebunden werden "
        "(Datenschutzprüfung für die Ziehung, etwa sechs Wochen). Planen Sie sechs Monate Vorlauf ein.",
        "contact": "Ben Leitung, Büro des Oberbürgermeisters, Stadt Bochum – über das Forum oder "
        "buergerrat@demo.weltoffen.de",
        "dimensions": ["participation_dialogue", "engagement"],
        "status": "published",
        "days_ago": 210,
    },
    {
        "ags": "14713000",  # Leipzig
        "author": None,
        "title": "Beteiligungsbudget für Stadtteilprojekte",
        "summary": "Jeder Stadtbezirk erhält ein eigenes Budget, über dessen Verwendung die Bewohnerinnen und "
        "Bewohner abstimmen. Im ersten Jahr wurden 31 Projekte mit zusammen 600.000 Euro umgesetzt.",
        "initial_situation": "Viele kleine Wünsche aus den Stadtteilen – eine Bank, ein Trinkbrunnen, ein "
        "Sportangebot – fielen durch das Raster der großen Haushaltsberatungen. Gleichzeitig war das "
        "Vertrauen in die Stadtverwaltung in einigen Stadtteilen sehr gering.",
        "approach": "- 600.000 Euro im Jahr, verteilt auf die Stadtbezirke nach Einwohnerzahl und "
        "Sozialindex (Stadtteile mit mehr Bedarf erhalten mehr).\n"
        "- Vorschläge online und auf Papierkarten in Bibliotheken, Stadtteilläden und Moscheegemeinden.\n"
        "- Fachämter prüfen Machbarkeit und Kosten in vier Wochen.\n"
        "- Abstimmung ab 14 Jahren, online und an Wahlständen vor Supermärkten.\n"
        "- Umsetzung mit Schild am Projekt: „Von Ihnen vorgeschlagen und gewählt“.",
        "resources": "Das Budget selbst (600.000 Euro), 1,5 Stellen Koordination, eine "
        "Beteiligungsplattform (Open Source, Hosting 4.000 Euro im Jahr) und Zeit der Fachämter für die "
        "Prüfung (etwa 300 Stunden pro Runde).",
        "results": "- 1.140 Vorschläge im ersten Jahr, 9.800 abgegebene Stimmen\n"
        "- 31 umgesetzte Projekte\n"
        "- In den zwei Stadtteilen mit dem niedrigsten Sozialindex stieg die Beteiligung von 2 auf 7 "
        "Prozent der Einwohnerschaft\n"
        "- Durchschnittliche Zeit vom Vorschlag bis zur Umsetzung: 11 Monate",
        "transfer": "Auch mit kleinem Budget machbar (ab etwa 2 Euro pro Einwohnerin und Einwohner). "
        "Die Fachämter müssen die Prüfung als Daueraufgabe anerkennen, sonst stockt es nach dem ersten Jahr. "
        "Papierkarten und Stände vor Ort sind unverzichtbar, online allein erreicht man die Falschen.",
        "contact": "Referat Beteiligung, Stadt Leipzig (über die Netzwerkkoordination vermittelt)",
        "dimensions": ["participation_dialogue", "engagement", "fair_access"],
        "status": "published",
        "days_ago": 190,
    },
    {
        "ags": "05112000",  # Duisburg
        "author": None,
        "title": "Bürgerhaushalt mit Rechenschaft: Was wurde aus meinem Vorschlag?",
        "summary": "Duisburg hat den Bürgerhaushalt um eine öffentliche Rechenschaftsliste ergänzt: Zu jedem "
        "Vorschlag steht, was der Rat entschieden hat und warum.",
        "initial_situation": "Ein früherer Bürgerhaushalt war nach zwei Runden eingeschlafen. In der "
        "Auswertung sagten die meisten Befragten, sie hätten nie erfahren, was aus ihren Vorschlägen wurde.",
        "approach": "Vorschläge zum Haushalt werden online und in den Bürgerforen der Bezirke gesammelt. "
        "Die 50 meistunterstützten Vorschläge gehen mit einer Stellungnahme der Verwaltung in die "
        "Haushaltsberatung. Neu ist die **Rechenschaftsliste**: Für jeden Vorschlag wird veröffentlicht, ob "
        "er umgesetzt, geprüft oder abgelehnt wurde – mit Begründung in einfacher Sprache.",
        "resources": "1 Stelle in der Kämmerei (davon 0,5 für den Bürgerhaushalt), Online-Plattform, "
        "Moderation der Bürgerforen (etwa 12.000 Euro im Jahr).",
        "results": "- Teilnahme von 1.900 (letzte alte Runde) auf 4.300 Personen gestiegen\n"
        "- 50 Vorschläge beraten, 18 ganz oder teilweise umgesetzt\n"
        "- 71 Prozent der Befragten fanden die Begründungen nachvollziehbar, auch bei Ablehnungen",
        "transfer": "Die Rechenschaftsliste kostet wenig, verlangt aber, dass jedes Fachamt eine kurze "
        "Begründung liefert. Legen Sie dafür eine Frist und eine Vorlage fest. Einfache Sprache prüfen lassen.",
        "contact": "Kämmerei, Team Bürgerhaushalt, Stadt Duisburg",
        "dimensions": ["participation_dialogue", "communication_conflict"],
        "status": "published",
        "days_ago": 175,
    },
    {
        "ags": "05962024",  # Iserlohn
        "author": "leitung.iserlohn",
        "title": "Nachbarschaftshäuser kostenfrei für Initiativen",
        "summary": "Drei städtische Nachbarschaftshäuser stehen Vereinen, Initiativen und Einzelpersonen "
        "kostenfrei offen – gebucht wird online, der Schlüssel liegt im Schlüsseltresor.",
        "initial_situation": "Initiativen, besonders migrantische Vereine und Nachbarschaftsgruppen, fanden "
        "keine bezahlbaren Räume. Die städtischen Räume waren zwar da, aber die Vergabe lief über drei Ämter "
        "und Gebühren von 25 Euro pro Stunde.",
        "approach": "- Einheitliche Nutzungsordnung: kostenfrei für gemeinnützige und nachbarschaftliche "
        "Zwecke, keine Parteiveranstaltungen.\n"
        "- Online-Kalender und Buchung, alternativ telefonisch im Bürgerbüro.\n"
        "- Schlüsseltresor mit Code statt Schlüsselübergabe.\n"
        "- Einmal im Quartal ein Hausrat aller Nutzergruppen.",
        "resources": "Entgangene Gebühren etwa 18.000 Euro im Jahr, Reinigung 9.000 Euro, Schlüsseltresore "
        "1.200 Euro, Betreuung 0,25 Stellen im Bürgerbüro.",
        "results": "- Auslastung von 22 auf 64 Prozent der Abendstunden gestiegen\n"
        "- 47 regelmäßige Nutzergruppen, davon 15 migrantische Vereine\n"
        "- 3 neue Angebote sind aus Begegnungen im Haus entstanden (Sprachcafé, Reparaturtreff, "
        "Hausaufgabenhilfe)",
        "transfer": "Klare Nutzungsordnung vorab politisch beschließen, damit es keine Einzelfallstreits "
        "gibt. Die Schlüsselfrage klingt banal, ist aber der häufigste Grund, warum Räume leer bleiben.",
        "contact": "Lea Leitung, Stabsstelle Integration, Stadt Iserlohn",
        "dimensions": ["cohesion", "engagement"],
        "status": "published",
        "days_ago": 160,
    },
    {
        "ags": "03159016",  # Göttingen
        "author": None,
        "title": "Verfügungsfonds im Quartier: schnelle Hilfe für kleine Ideen",
        "summary": "Ein Quartiersbeirat aus Anwohnenden vergibt bis zu 1.500 Euro pro Projekt – "
        "Entscheidung innerhalb von drei Wochen, Antrag auf einer Seite.",
        "initial_situation": "Förderanträge bei Stadt und Stiftungen waren für kleine Gruppen zu aufwendig. "
        "Gute Ideen wie ein Straßenfest oder ein Gemeinschaftsbeet scheiterten an wenigen hundert Euro.",
        "approach": "Die Stadt stellt pro Quartier 20.000 Euro im Jahr bereit. Ein Beirat aus acht "
        "Anwohnenden (teils gelost, teils von Vereinen benannt) entscheidet monatlich. Antrag auf einer "
        "Seite, auch mündlich im Quartiersbüro möglich; Abrechnung mit Belegen und zwei Fotos.",
        "resources": "20.000 Euro Fonds je Quartier, Quartiersmanagement (0,2 Stellen für Beiratsarbeit "
        "und Abrechnung).",
        "results": "- 34 geförderte Projekte in zwei Jahren, durchschnittlich 640 Euro\n"
        "- 21 der Antragstellenden hatten noch nie einen Förderantrag gestellt\n"
        "- Bearbeitungszeit im Schnitt 16 Tage",
        "transfer": "Am besten dort, wo es schon ein Quartiersmanagement gibt (Städtebauförderung). "
        "Die Rechnungsprüfung früh einbinden, damit vereinfachte Nachweise anerkannt werden.",
        "contact": "Quartiersmanagement Grone, Stadt Göttingen",
        "dimensions": ["engagement", "cohesion"],
        "status": "published",
        "days_ago": 150,
    },
    {
        "ags": "06413000",  # Offenbach
        "author": None,
        "title": "Social Hub im leerstehenden Kaufhaus",
        "summary": "Ein ehemaliges Kaufhaus ist Arbeitsort für Initiativen und Gründende, Beratungsstelle "
        "und Treffpunkt – mit Mieten nach Einkommen und einem offenen Erdgeschoss.",
        "initial_situation": "Leerstand in der Innenstadt, gleichzeitig viele Gründungen aus der "
        "migrantischen Community ohne Zugang zu Netzwerken und bezahlbaren Arbeitsplätzen.",
        "approach": "Zwischennutzung für fünf Jahre mit dem Eigentümer vereinbart. Erdgeschoss: offener "
        "Treffpunkt mit Café und Sprechstunden (Gründungsberatung, Jobcenter, Migrationsberatung). "
        "Obergeschosse: Coworking und Werkstätten, Miete gestaffelt nach Umsatz. Ein Trägerverein betreibt "
        "das Haus, die Wirtschaftsförderung sitzt zwei Tage pro Woche im Haus.",
        "resources": "Umbau 240.000 Euro (davon 70 Prozent Landesförderung), laufender Zuschuss 60.000 Euro "
        "im Jahr, 1 Stelle Hausmanagement beim Trägerverein.",
        "results": "- 58 Arbeitsplätze, Auslastung 85 Prozent\n"
        "- 23 Gründungen aus dem Haus in drei Jahren, davon 14 durch Menschen mit Einwanderungsgeschichte\n"
        "- 6.000 Besuche im offenen Erdgeschoss pro Jahr",
        "transfer": "Braucht einen Eigentümer, der Zwischennutzung zulässt, und einen handlungsfähigen "
        "Trägerverein. Die Präsenz von Wirtschaftsförderung und Beratung im Haus macht den Unterschied.",
        "contact": "Wirtschaftsförderung, Stadt Offenbach am Main",
        "dimensions": ["work_economy", "cohesion", "intercultural_opening"],
        "status": "published",
        "days_ago": 140,
    },
    {
        "ags": "08335043",  # Konstanz
        "author": None,
        "title": "Zielgruppenbeteiligung: Wir gehen dorthin, wo die Menschen sind",
        "summary": "Statt zu Abendveranstaltungen einzuladen, hat Konstanz Beteiligung zu Jugendlichen, "
        "Älteren und Zugewanderten gebracht: in Schulen, Seniorentreffs und Sprachkurse.",
        "initial_situation": "Bei der Fortschreibung des Integrationskonzepts kamen fast nur Fachleute und "
        "Ehrenamtliche. Die Menschen, um die es ging, waren nicht beteiligt.",
        "approach": "- 14 „aufsuchende“ Termine: Berufsschulklassen, Seniorentreffs, Integrationskurse, "
        "Moscheegemeinde, Sportverein.\n"
        "- Kurze Methoden (Punkte kleben, Fotos kommentieren, 20-Minuten-Gespräche) statt langer Vorträge.\n"
        "- Sprachmittlerinnen aus dem Dolmetscherpool.\n"
        "- Rückmeldung an dieselben Gruppen nach drei Monaten: Was ist aus Ihren Hinweisen geworden?",
        "resources": "Zwei Mitarbeitende des Integrationsbüros über vier Monate (je 30 Prozent), "
        "Sprachmittlung 3.800 Euro, Material 600 Euro.",
        "results": "- 412 Beteiligte statt 60 bei der vorherigen Fortschreibung\n"
        "- 38 Prozent unter 25 Jahren, 45 Prozent mit Einwanderungsgeschichte\n"
        "- 27 Hinweise flossen direkt in Maßnahmen des Konzepts ein",
        "transfer": "Gut übertragbar, auch für kleine Kommunen. Wichtig: die Rückmeldung an die Gruppen "
        "fest einplanen, sonst bleibt das Gefühl, ausgefragt worden zu sein.",
        "contact": "Integrationsbüro, Stadt Konstanz",
        "dimensions": ["participation_dialogue", "fair_access", "intercultural_opening"],
        "status": "published",
        "days_ago": 120,
    },
    {
        "ags": "14524330",  # Zwickau
        "author": None,
        "title": "Anlaufstelle für Initiativen im Rathaus",
        "summary": "Eine Lotsin im Rathaus hilft Initiativen durch Genehmigungen, Förderung und "
        "Zuständigkeiten – ein Ansprechpartner statt zehn.",
        "initial_situation": "Engagierte berichteten, sie würden zwischen Ordnungsamt, Grünflächenamt und "
        "Kulturamt hin- und hergeschickt. Mehrere Initiativen gaben deshalb auf.",
        "approach": "Eine Stelle „Engagementlotsin“ im Büro des Oberbürgermeisters mit Rückendeckung der "
        "Verwaltungsspitze. Sie nimmt Anliegen entgegen, klärt intern die Zuständigkeiten, organisiert bei "
        "Bedarf einen gemeinsamen Termin aller Ämter und verfolgt nach, bis eine Antwort vorliegt. Zusätzlich "
        "ein jährlicher Initiativenempfang.",
        "resources": "1 Stelle (E 11), Sachmittel 5.000 Euro im Jahr für Empfang und Material.",
        "results": "- 186 Anliegen im ersten Jahr, 80 Prozent innerhalb von vier Wochen abschließend geklärt\n"
        "- Genehmigungen für Straßenfeste im Schnitt nach 19 statt 45 Tagen\n"
        "- 12 neue Initiativen haben sich aktiv gemeldet",
        "transfer": "Die Stelle braucht eine klare Anbindung an die Verwaltungsspitze, sonst fehlt ihr die "
        "Durchsetzungskraft gegenüber den Ämtern. Eine Person mit Verwaltungserfahrung und Nähe zur "
        "Zivilgesellschaft finden.",
        "contact": "Engagementlotsin, Büro des Oberbürgermeisters, Stadt Zwickau",
        "dimensions": ["engagement", "management"],
        "status": "published",
        "days_ago": 100,
    },
    {
        "ags": "16053000",  # Jena
        "author": None,
        "title": "Zeitbudget für Mitarbeitende: 20 Stunden im Jahr für Bürgerprojekte",
        "summary": "Jede und jeder Beschäftigte der Stadtverwaltung kann 20 Arbeitsstunden im Jahr für die "
        "Unterstützung von Bürgerprojekten einsetzen.",
        "initial_situation": "Initiativen fehlte oft Fachwissen aus der Verwaltung (Vergaberecht, "
        "Verkehrssicherung, Förderanträge). Mitarbeitende wollten helfen, durften es aber nur in ihrer "
        "Freizeit.",
        "approach": "Dienstvereinbarung mit dem Personalrat: 20 Stunden pro Jahr und Person, Absprache mit "
        "der Führungskraft, Vermittlung über eine interne Börse. Projekte müssen gemeinnützig sein und "
        "dürfen kein eigenes Verwaltungsverfahren der Person betreffen (Befangenheit).",
        "resources": "Arbeitszeit (genutzt wurden etwa 2.400 Stunden im Jahr), 0,2 Stellen für die Börse.",
        "results": "- 134 Mitarbeitende haben teilgenommen\n"
        "- 61 Projekte unterstützt, z. B. Verkehrskonzept für ein Stadtteilfest, Förderantrag für einen "
        "Jugendtreff\n"
        "- In der Mitarbeiterbefragung stieg die Zustimmung zu „Meine Arbeit ist sinnvoll“ um 9 Punkte",
        "transfer": "Braucht eine Dienstvereinbarung und die Unterstützung der Führungskräfte. Klein "
        "beginnen (Pilot in zwei Dezernaten) und die Befangenheitsregel klar formulieren.",
        "contact": "Personal- und Organisationsservice, Stadt Jena",
        "dimensions": ["management", "engagement"],
        "status": "published",
        "days_ago": 90,
    },
    {
        "ags": "05113000",  # Essen
        "author": None,
        "title": "Qualitätscheckliste für Beteiligungsprojekte",
        "summary": "Eine Checkliste mit 15 Fragen hilft Projektverantwortlichen, Beteiligung ehrlich zu "
        "planen: Was ist verhandelbar, wer fehlt, wie geht die Rückmeldung?",
        "initial_situation": "Beteiligung wurde in den Fachbereichen sehr unterschiedlich gemacht, teils als "
        "reine Information deklariert als Beteiligung. Das hat Vertrauen gekostet.",
        "approach": "Die Stabsstelle Bürgerbeteiligung hat mit Fachbereichen und Bürgerforen eine Checkliste "
        "entwickelt. Sie fragt u. a.: Welcher Gestaltungsspielraum besteht wirklich? Welche Gruppen sind "
        "betroffen und wie erreichen wir sie? Wie und wann bekommen die Beteiligten Rückmeldung? Jedes "
        "Beteiligungsprojekt füllt sie vor dem Start aus; die Stabsstelle berät.",
        "resources": "Entwicklung: sechs Workshops, etwa 80 Arbeitsstunden. Laufend: Beratung durch die "
        "Stabsstelle (etwa 2 Stunden pro Projekt).",
        "results": "- 42 Projekte haben die Checkliste in zwei Jahren genutzt\n"
        "- Anteil der Projekte mit dokumentierter Rückmeldung an die Beteiligten von 35 auf 88 Prozent\n"
        "- 5 Vorhaben wurden nach der Checkliste ehrlich als „Information“ statt „Beteiligung“ angekündigt",
        "transfer": "Sofort übertragbar; die Checkliste steht allen Netzwerkkommunen zur Verfügung. "
        "Wirksam wird sie erst, wenn die Verwaltungsspitze sie verbindlich macht.",
        "contact": "Stabsstelle Bürgerbeteiligung, Stadt Essen",
        "dimensions": ["participation_dialogue", "management"],
        "status": "published",
        "days_ago": 80,
    },
    {
        "ags": "12072000",  # Teltow-Fläming
        "author": None,
        "title": "Dialogformat „Küchentisch“: Gespräche über Streitthemen im Landkreis",
        "summary": "Kleine Gesprächsrunden an Küchentischen in Dörfern und Kleinstädten: acht Menschen, "
        "eine Moderatorin, ein strittiges Thema wie Unterbringung von Geflüchteten oder Windkraft.",
        "initial_situation": "Bei Einwohnerversammlungen zur Unterbringung von Geflüchteten eskalierten "
        "Diskussionen; wenige Lautstarke bestimmten die Stimmung, viele blieben fern.",
        "approach": "Ausgebildete Dialogbegleiterinnen und -begleiter (ehrenamtlich, 3 Tage Schulung) laden "
        "gemeinsam mit Gastgebenden zu Runden von höchstens acht Personen ein. Feste Gesprächsregeln, "
        "Fragen statt Positionen, 90 Minuten. Die Anliegen gehen anonymisiert an Landrat und Fachämter, die "
        "nach sechs Wochen schriftlich antworten.",
        "resources": "Schulung der Begleitenden 9.000 Euro, Koordination 0,5 Stellen, Fahrtkosten und "
        "Verpflegung 4.000 Euro im Jahr.",
        "results": "- 64 Runden mit 470 Teilnehmenden im ersten Jahr\n"
        "- 86 Prozent gaben an, sich ernst genommen gefühlt zu haben\n"
        "- Bei zwei Unterkünften blieben die befürchteten Proteste aus; Nachbarschaftsinitiativen entstanden",
        "transfer": "Besonders für ländliche Räume geeignet. Die verlässliche schriftliche Antwort der "
        "Verwaltung ist der Kern – ohne sie verliert das Format schnell an Glaubwürdigkeit.",
        "contact": "Kreisverwaltung Teltow-Fläming, Stabsstelle Demokratie und Integration",
        "dimensions": ["communication_conflict", "participation_dialogue", "cohesion"],
        "status": "published",
        "days_ago": 60,
    },
    {
        "ags": "13003000",  # Rostock
        "author": None,
        "title": "Schutzkonzept für Amts- und Mandatsträgerinnen und -träger",
        "summary": "Ein fester Meldeweg, eine Ansprechperson, Sicherheitsberatung für Privatadressen und "
        "Rechtsbeistand: Rostock hat Schutz vor Anfeindungen zur Aufgabe der Verwaltung gemacht.",
        "initial_situation": "Mehrere Ratsmitglieder und Beschäftigte erhielten Drohungen, einige zogen sich "
        "zurück. Niemand wusste, wer zuständig ist; Vorfälle wurden nicht dokumentiert.",
        "approach": "- Eine Ansprechperson im Hauptamt für alle Betroffenen, auch Ehrenamtliche im Rat.\n"
        "- Meldeweg: Vorfall dokumentieren (Screenshot mit Datum, Link, Kontext), Meldung an die "
        "Ansprechperson, Entscheidung über Strafantrag innerhalb der Drei-Monats-Frist.\n"
        "- Sicherheitsberatung durch die Polizei, Auskunftssperre im Melderegister.\n"
        "- Rechtsbeistand auf Kosten der Stadt bei Strafanträgen (Rahmenvertrag mit einer Kanzlei).\n"
        "- Jährliches Lagebild für den Rat, ohne Namen.",
        "resources": "0,3 Stellen Ansprechperson, Rahmenvertrag Rechtsberatung 15.000 Euro im Jahr, "
        "Schulungen 3.000 Euro.",
        "results": "- 57 dokumentierte Vorfälle im ersten Jahr (vorher keine Erfassung)\n"
        "- 19 Strafanträge gestellt, 6 Verurteilungen bisher\n"
        "- In einer Befragung fühlten sich 74 Prozent der Ratsmitglieder besser unterstützt",
        "transfer": "Gut übertragbar. Die Drei-Monats-Frist für Strafanträge kennen viele nicht – der "
        "Meldeweg muss schnell sein. Verweisen Sie zusätzlich auf „starke Stelle“ und HateAid.",
        "contact": "Hauptamt, Ansprechperson Schutz, Hanse- und Universitätsstadt Rostock",
        "dimensions": ["protecting_officials", "communication_conflict"],
        "status": "published",
        "days_ago": 40,
    },
    {
        "ags": "05911000",  # Bochum
        "author": "team.bochum",
        "title": "Mehrsprachige Sprechstunde im Bürgerbüro",
        "summary": "Einmal pro Woche beraten Mitarbeitende mit Sprachkenntnissen im Bürgerbüro auf Türkisch, "
        "Arabisch, Ukrainisch und Rumänisch.",
        "initial_situation": "Viele Anliegen im Bürgerbüro scheiterten an Sprachbarrieren; Kinder mussten "
        "für ihre Eltern übersetzen.",
        "approach": "Mitarbeitende mit Sprachkenntnissen wurden freiwillig gewonnen und geschult "
        "(Fachbegriffe, Rollenklarheit). Feste Sprechzeiten donnerstags, Termine online buchbar, "
        "Aushänge in den vier Sprachen.",
        "resources": "Sprachzulage für sechs Mitarbeitende, Schulung 2.000 Euro.",
        "results": "- 320 Beratungen im ersten halben Jahr\n"
        "- Wiederholte Vorsprachen wegen unvollständiger Unterlagen um etwa ein Drittel gesunken",
        "transfer": "Setzt voraus, dass die Verwaltung Sprachkenntnisse ihrer Beschäftigten kennt und "
        "anerkennt (Zulage oder Zeitausgleich).",
        "contact": "Bo Team, Bürgerbüro Mitte, Stadt Bochum",
        "dimensions": ["intercultural_opening", "fair_access"],
        "status": "submitted",
        "days_ago": 5,
    },
]

#: (practice title, adopting AGS, adopter e-mail local part or None, days after publication, outcome)
ADOPTIONS = [
    ("Bürgerrat mit Losverfahren zur Innenstadtentwicklung", "05962024", "leitung.iserlohn", 40, ""),
    (
        "Qualitätscheckliste für Beteiligungsprojekte",
        "05962024",
        "leitung.iserlohn",
        10,
        "Seit dem Frühjahr füllen alle Beteiligungsvorhaben die Checkliste aus. Zwei Projekte haben wir danach "
        "ehrlicherweise als Information angekündigt – die Beschwerden über „Scheinbeteiligung“ sind seitdem "
        "deutlich zurückgegangen.",
    ),
    (
        "Schutzkonzept für Amts- und Mandatsträgerinnen und -träger",
        "05911000",
        "leitung.bochum",
        5,
        "Meldeweg und Ansprechperson stehen seit einigen Wochen. 4 Vorfälle wurden gemeldet, 2 Strafanträge "
        "gestellt. Die Auskunftssperre haben fünf Ratsmitglieder genutzt.",
    ),
    (
        "Anlaufstelle für Initiativen im Rathaus",
        "16053000",
        None,
        20,
        "Wir haben die Aufgabe mit unserer Ehrenamtsagentur zusammengelegt. Die Bearbeitungszeit für "
        "Veranstaltungsgenehmigungen hat sich etwa halbiert.",
    ),
    ("Verfügungsfonds im Quartier: schnelle Hilfe für kleine Ideen", "05911000", "leitung.bochum", 30, ""),
    (
        "Nachbarschaftshäuser kostenfrei für Initiativen",
        "14524330",
        None,
        25,
        "Zwei Bürgerhäuser sind jetzt kostenfrei buchbar; die Auslastung stieg in einem halben Jahr von "
        "30 auf 55 Prozent.",
    ),
]

#: Replies under practices: (practice title, author local part, days after publication, text)
PRACTICE_REPLIES = [
    (
        "Bürgerrat mit Losverfahren zur Innenstadtentwicklung",
        "leitung.iserlohn",
        12,
        "Danke für die ausführliche Beschreibung! Wie haben Sie die Aufwandsentschädigung steuerlich "
        "behandelt? Unsere Kämmerei ist da noch unsicher.",
    ),
    (
        "Bürgerrat mit Losverfahren zur Innenstadtentwicklung",
        "leitung.bochum",
        13,
        "Wir haben sie als Ehrenamtspauschale gezahlt, das ging ohne Probleme. Ich schicke Ihnen gern "
        "unseren Ratsbeschluss und die Einladungsbriefe.",
    ),
    (
        "Schutzkonzept für Amts- und Mandatsträgerinnen und -träger",
        "buergermeisterin.iserlohn",
        3,
        "Sehr hilfreich. Besonders der Hinweis auf die Auskunftssperre im Melderegister – das wussten "
        "bei uns viele Ratsmitglieder nicht.",
    ),
]
