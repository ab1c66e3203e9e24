from django.contrib.syndication.views import Feed


class CountryPracticesFeed(Feed):
    pass
