// The shop's Stripe card page: mount Stripe's card element and confirm the PaymentIntent in the browser.
// Card details stay inside Stripe's iframe; afterwards the shop asks Stripe for the outcome itself.
"use strict";
(function () {
  var form = document.getElementById("stripe-payment-form");
  if (!form || typeof window.Stripe !== "function") {
    return;
  }
  var stripe = window.Stripe(form.dataset.publishableKey, { locale: form.dataset.locale || "auto" });
  var card = stripe.elements().create("card", { hidePostalCode: true });
  var errors = document.getElementById("card-errors");
  var button = document.getElementById("stripe-pay-button");
  card.mount("#card-element");
  card.on("change", function (event) {
    errors.textContent = event.error ? event.error.message : "";
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    stripe.confirmCardPayment(form.dataset.clientSecret, { payment_method: { card: card } }).then(function (result) {
      if (result.error && !result.paymentIntent) {
        // A declined card: the same page can try another one.
        errors.textContent = result.error.message || "";
        button.disabled = false;
        return;
      }
      window.location.assign(form.dataset.returnUrl);
    });
  });
})();
