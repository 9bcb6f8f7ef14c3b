using Microsoft.AspNetCore.Mvc;
using Microsoft.FeatureManagement;

public class HomeController(IFeatureManager features) : Controller {}
