"""A small form that exercises the engine: sections, conditions, a fact, a repeating group, evidence."""

from datetime import date

from forms.schema import Fact, load_form

TODAY = date(2026, 11, 23)


def _over_65(answers, today):
    dob = answers.get("dob")
    if not dob:
        return None
    born = date.fromisoformat(dob)
    return (today.year - born.year - ((today.month, today.day) < (born.month, born.day))) >= 65


FACTS = {"over_65": Fact("bool", _over_65)}


def small_form_dict(version=1):
    return {
        "form": "demo",
        "version": version,
        "title": "Demo",
        "facts": ["over_65"],
        "sections": [
            {
                "id": "you",
                "title": "About you",
                "pages": [
                    {"slug": "name", "heading": "Your name", "questions": [{"id": "name", "type": "text", "label": "Name", "error_name": "your name"}]},
                    {"slug": "dob", "heading": "Your date of birth", "questions": [{"id": "dob", "type": "date", "label": "Date of birth", "error_name": "your date of birth", "date_must_be": "past"}]},
                    {"slug": "pension", "heading": "Pension", "condition": {"fact": "over_65", "equals": True},
                     "questions": [{"id": "pension", "type": "money", "label": "Pension", "error_name": "your pension",
                                    "evidence": [{"id": "pension_letter", "text": "Your pension letter"}]}]},
                    {"slug": "partner", "heading": "Partner", "questions": [{"id": "has_partner", "type": "yes_no", "label": "Partner?", "error_name": "you have a partner"}]},
                    {"slug": "partner-name", "heading": "Partner’s name", "condition": {"question": "has_partner", "equals": True},
                     "questions": [{"id": "partner_name", "type": "text", "label": "Partner’s name", "error_name": "your partner’s name"}]},
                ],
            },
            {
                "id": "work",
                "title": "Work",
                "requires": ["you"],
                "pages": [
                    {"slug": "working", "heading": "Work", "questions": [{"id": "working", "type": "yes_no", "label": "Do you work?", "error_name": "you work"}]},
                    {
                        "group": "jobs",
                        "title": "Jobs",
                        "item_name": "{employer}",
                        "condition": {"question": "working", "equals": True},
                        "max_items": 3,
                        "list": {"slug": "jobs-list", "heading": "Your jobs", "add_another": "Another job?", "add_another_error": "Select yes if you have another job"},
                        "pages": [
                            {"slug": "employer", "heading": "Employer", "questions": [{"id": "employer", "type": "text", "label": "Employer", "error_name": "the employer"}]},
                            {"slug": "pay", "heading": "Pay from {item}", "questions": [{"id": "pay", "type": "money", "label": "Pay from {item}", "error_name": "the pay",
                                                                               "evidence": [{"id": "payslips", "text": "Payslips from {item}"}]}]},
                            {"slug": "bonus", "heading": "Bonus", "condition": {"question": "pay", "gte": 500},
                             "questions": [{"id": "bonus", "type": "yes_no", "label": "Bonus?", "error_name": "you get a bonus"}]},
                        ],
                    },
                ],
            },
            {
                "id": "declaration",
                "title": "Declaration",
                "requires": "all",
                "check_answers": False,
                "declaration": True,
                "pages": [
                    {"slug": "declare", "heading": "Declaration", "questions": [{"id": "declare", "type": "checkboxes", "label": "Declaration",
                                                                              "messages": {"required": "Confirm the declaration"},
                                                                              "options": [{"value": "agree", "label": "I agree"}]}]},
                ],
            },
        ],
    }


