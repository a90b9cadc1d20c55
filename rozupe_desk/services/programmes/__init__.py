"""Reading programmes: the children's, youth and parents' jury ("Bērnu, jauniešu un vecāku
žūrija"), a summer reading challenge, a class's reading diary.

`setup` holds a programme with its age groups and each group's books; `experts` the
readers registered into a group, what they have read (from their loans, plus what the
librarian ticks) and their questionnaires; `documents` the plain data of the participant
list, progress sheet, certificates and the report for the central library.
"""
