import calendar
print(calendar.month(2024, 2))
print(calendar.isleap(2024), calendar.monthrange(2024, 2), calendar.weekday(2024, 1, 1))
print(calendar.TextCalendar().formatmonth(2023, 12))
print(list(calendar.day_name), calendar.month_abbr[3])
